// The second round of the hostile catalogue (docs/safety.md): orders that
// passed because of odd text or implausible values. Each must now get a
// finding that names the drug, or a problem that blocks; none may pass.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/engine.h"
#include "test_pack.h"

namespace rxr {
namespace {

using nlohmann::json;

const api::Engine& shipped_engine() {
  static const api::Engine engine(testing::shipped_catalogue());
  return engine;
}

json clean_order() { return json::parse(testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json")); }

json answer(const json& request) {
  std::string out;
  EXPECT_EQ(shipped_engine().verify(request.dump(), {}, out), api::VerifyStatus::kOk) << out;
  return json::parse(out);
}

const json* finding(const json& response, const std::string& rule) {
  for (const json& f : response["findings"]) {
    if (f["rule"] == rule) return &f;
  }
  return nullptr;
}

bool has_problem_at(const json& response, const std::string& path) {
  for (const json& p : response["problems"]) {
    if (p["path"] == path) return true;
  }
  return false;
}

struct Spelling {
  const char* written;
  const char* what;
};

// A concomitant ondansetron (known risk of TdP) spelled as hosts and web
// pages spell it: each is recognised, so the QT warning stands.
TEST(HostileText, DisguisedQtDrugsAreRecognised) {
  const Spelling spellings[] = {
      {"ondansetron\u00a0hydrochloride", "a no-break space"},
      {"ondan\u200bsetron", "a zero-width space"},
      {"\ufeffondansetron", "a leading byte order mark"},
      {"ondan\u00adsetron", "a soft hyphen"},
      {"\uff4f\uff4e\uff44\uff41\uff4e\uff53\uff45\uff54\uff52\uff4f\uff4e", "full-width letters"},
      {"ondansetron\u3000hcl", "an ideographic space"},
      {"ondansetron hydrochloride dihydrate", "a salt and a hydrate"},
      {"ondansetron 8 mg", "a strength"},
      {"Zofran ODT", "a brand and a dose form"},
  };
  for (const Spelling& s : spellings) {
    json request = clean_order();
    request["medications"] = json::array({{{"drug", s.written}}});
    const json response = answer(request);
    EXPECT_EQ(response["verdict"], "warn") << s.what << ": " << response.dump();
    const json* qt = finding(response, "INO-QT-001");
    ASSERT_NE(qt, nullptr) << s.what << ": " << response.dump();
    EXPECT_EQ(qt->value("severity", ""), "warn") << s.what;
  }
}

// Look-alike and control characters cannot be matched honestly: the entry
// is a problem, and the order blocks.
TEST(HostileText, RefusedDrugNamesBlock) {
  using namespace std::string_literals;
  const std::pair<std::string, const char*> spellings[] = {
      {"\u043endansetron"s, "a Cyrillic o"},
      {"ondan\0setron"s, "an embedded NUL"},
      {"ondansetron\u202e"s, "a right-to-left override"},
      {"ondan\x1b[8msetron"s, "an escape sequence"},
  };
  for (const auto& [written, what] : spellings) {
    json request = clean_order();
    request["medications"] = json::array({{{"drug", "acyclovir"}}, {{"drug", written}}});
    const json response = answer(request);
    EXPECT_EQ(response["verdict"], "block") << what << ": " << response.dump();
    EXPECT_TRUE(has_problem_at(response, "medications[1].drug")) << what << ": " << response.dump();
  }
}

// An entry with no drug name may be a QT-prolonging drug: it is reported by
// its index (clinical M3), never dropped; a premedication as much as a medication.
TEST(HostileText, UnnamedDrugEntriesAreReportedByIndex) {
  for (const char* list : {"medications", "premedications"}) {
    json request = clean_order();
    request[list].push_back(json::object({{"drug", nullptr}}));
    const std::string path = std::string(list) + "[" + std::to_string(request[list].size() - 1) + "].drug";
    const json response = answer(request);
    EXPECT_NE(response["verdict"], "pass") << response.dump();
    const json* qt = finding(response, "INO-QT-001");
    ASSERT_NE(qt, nullptr) << response.dump();
    EXPECT_EQ((*qt)["missing"], json::array({path})) << qt->dump();
  }
}

// A known-risk drug among the premedications is checked like a medication.
TEST(HostileText, QtDrugsAmongPremedicationsAreChecked) {
  json request = clean_order();
  request["premedications"].push_back({{"drug", "ondansetron"}});
  const json response = answer(request);
  const json* qt = finding(response, "INO-QT-001");
  ASSERT_NE(qt, nullptr);
  EXPECT_NE(qt->value("message", "").find("ondansetron"), std::string::npos) << qt->dump();
}

struct Implausible {
  const char* pointer;  // a JSON pointer into the clean order
  const char* value;    // the value put there, as JSON
  const char* problem;  // the path of the problem it must raise
};

// Typing and unit slips that used to pass: each is a problem, and blocks.
TEST(HostileText, ImplausibleValuesBlock) {
  const Implausible cases[] = {
      {"/labs/qtcf", R"({"value": 0.52, "unit": "ms"})", "labs.qtcf"},
      {"/patient/bsa", R"({"value": 0.01, "unit": "m2"})", "patient.bsa"},
      {"/labs/potassium", R"({"value": 3.0, "unit": "mmol/L", "lln": 0})", "labs.potassium.lln"},
      {"/labs/potassium", R"({"value": 3.0, "unit": "mmol/L", "lln": 5.2, "uln": 5.0})", "labs.potassium.lln"},
      {"/order/scheduled_at", R"("0000-03-10T10:00:00Z")", "order.scheduled_at"},
      {"/preparation/diluted_at", R"("2026-03-10T08:00:00Z")", "preparation.diluted_at"},
  };
  for (const Implausible& c : cases) {
    json request = clean_order();
    request[json::json_pointer(c.pointer)] = json::parse(c.value);
    const json response = answer(request);
    EXPECT_EQ(response["verdict"], "block") << c.pointer << ": " << response.dump();
    EXPECT_TRUE(has_problem_at(response, c.problem)) << c.pointer << ": " << response["problems"].dump();
  }
}

// 500 kg and 300 cm are each possible, but the BSA computed from them is not.
TEST(HostileText, AnImplausibleComputedBsaBlocks) {
  json request = clean_order();
  request["patient"].erase("bsa");
  request["patient"]["weight"] = {{"value", 500}, {"unit", "kg"}};
  request["patient"]["height"] = {{"value", 300}, {"unit", "cm"}};
  const json response = answer(request);
  EXPECT_EQ(response["verdict"], "block");
  EXPECT_TRUE(has_problem_at(response, "patient.bsa")) << response["problems"].dump();
  EXPECT_TRUE(response["computed"].empty()) << response.dump();
}

// The text report never hands a terminal a control character from the request.
TEST(HostileText, TheTextReportEscapesControlCharacters) {
  json request = clean_order();
  request["id"] = "ord-7: pass\u001b[8m\u202e\u009b2J";
  std::string out;
  ASSERT_EQ(shipped_engine().verify(request.dump(), {.explain = false, .text = true, .explain_rule = {}}, out), api::VerifyStatus::kOk);
  EXPECT_NE(out.find("ord-7: pass\\u{001B}[8m\\u{202E}\\u{009B}2J"), std::string::npos) << out;
  for (const char c : out) EXPECT_FALSE(static_cast<unsigned char>(c) == 0x1B) << "a raw ESC in the report";
  EXPECT_EQ(out.find("\u202e"), std::string::npos);
  EXPECT_EQ(out.find("\u009b"), std::string::npos);
}

}  // namespace
}  // namespace rxr
