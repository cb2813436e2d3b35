// The hostile-request catalogue of docs/safety.md: every kind of damaged or
// absurd request, through the whole verify path with the shipped pack. Each
// is refused with a message (not a JSON object), or answered with problems
// naming the field and the verdict block. None may pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "api/engine.h"
#include "api/pack_loader.h"
#include "syntax/diagnostic.h"
#include "test_pack.h"

namespace rxr {
namespace {

using nlohmann::json;

const api::Engine& shipped_engine() {
  static const api::Engine engine(testing::shipped_catalogue());
  return engine;
}

// The shipped rules with the request size limit raised to 64 MiB, to reach
// the limits behind it.
api::Engine engine_for_large_requests() {
  io::DecodeLimits limits;
  limits.max_request_bytes = 64 << 20;
  return api::Engine(testing::shipped_catalogue(), limits);
}

// A clean order that passes: every damage below is the only thing wrong.
json clean_order() {
  return json::parse(testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json"));
}

// The request must be refused as a whole, with a message that says why.
void expect_refused(const std::string& request, const std::string& reason,
                    const api::Engine& engine = shipped_engine()) {
  std::string out;
  ASSERT_EQ(engine.verify(request, {}, out), api::VerifyStatus::kRequestError)
      << request.substr(0, 200);
  EXPECT_NE(out.find(reason), std::string::npos) << "message: " << out;
}

// The request must be answered, block, and list a problem at `path`.
void expect_problem(const json& request, const std::string& path,
                    const api::Engine& engine = shipped_engine()) {
  std::string out;
  ASSERT_EQ(engine.verify(request.dump(), {}, out), api::VerifyStatus::kOk) << out;
  const json response = json::parse(out);
  EXPECT_EQ(response["verdict"], "block") << path << ": " << out;
  bool named = false;
  for (const json& problem : response["problems"]) {
    if (problem["path"].get<std::string>().rfind(path, 0) == 0) named = true;
  }
  EXPECT_TRUE(named) << "no problem at " << path << " in " << out;
}

TEST(HostileRequests, TheCleanOrderPasses) {
  std::string out;
  ASSERT_EQ(shipped_engine().verify(clean_order().dump(), {}, out), api::VerifyStatus::kOk);
  EXPECT_EQ(json::parse(out)["verdict"], "pass") << out;
}

TEST(HostileRequests, NotAnObject) {
  expect_refused("", "empty");
  expect_refused("   \n", "empty");
  expect_refused("[]", "must be a JSON object, not an array");
  expect_refused("\"order\"", "must be a JSON object, not a string");
  expect_refused("42", "must be a JSON object, not a number");
  expect_refused("null", "must be a JSON object, not null");
  expect_refused("true", "must be a JSON object");
  expect_refused("{} {}", "not valid JSON");
}

TEST(HostileRequests, TruncatedAnywhere) {
  const std::string text = testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  const std::size_t end = text.rfind('}');
  for (std::size_t length = 0; length < end; ++length) {
    std::string out;
    EXPECT_EQ(shipped_engine().verify(text.substr(0, length), {}, out),
              api::VerifyStatus::kRequestError)
        << "cut after " << length << " bytes";
  }
}

TEST(HostileRequests, InvalidUtf8) {
  expect_refused("{\"id\": \"ord-\xff\"}", "UTF-8");
  expect_refused("{\"id\": \"\xc3\"}", "UTF-8");          // a lead byte without its continuation
  expect_refused("{\"id\": \"\xed\xa0\x80\"}", "UTF-8");  // an encoded surrogate
  expect_refused("{\"id\": \"\xc0\xaf\"}", "UTF-8");      // an overlong '/'
  expect_refused("{\"\xfe\": 1}", "UTF-8");               // in a key
}

TEST(HostileRequests, NestedOneHundredThousandDeep) {
  const std::string arrays = "{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  expect_refused(arrays, "deeper than the limit of 64");
  std::string objects = "{";
  for (int i = 0; i < 100000; ++i) objects += "\"a\":{";
  objects += std::string(100000, '}') + "}";
  expect_refused(objects, "deeper than the limit of 64");
}

TEST(HostileRequests, FiftyMegabyteString) {
  json request = clean_order();
  request["id"] = std::string(50 << 20, 'x');
  // Over the default request size limit: refused before it is parsed.
  expect_refused(request.dump(), "larger than the limit of 1048576 bytes");
  // With the size limit raised, the string itself is over its limit: a problem.
  expect_problem(request, "id", engine_for_large_requests());
}

TEST(HostileRequests, NumbersJsonCannotHold) {
  expect_refused(R"({"patient": {"weight": {"value": 1e400, "unit": "kg"}}})", "number");
  expect_refused(R"({"patient": {"weight": {"value": NaN, "unit": "kg"}}})", "not valid JSON");
  expect_refused(R"({"patient": {"weight": {"value": Infinity, "unit": "kg"}}})", "not valid JSON");
  expect_refused(R"({"patient": {"weight": {"value": -Infinity, "unit": "kg"}}})",
                 "not valid JSON");
  expect_refused(R"({"order": {"cycle": 99999999999999999999999}})", "number");
}

TEST(HostileRequests, DuplicateKeys) {
  std::string text = clean_order().dump();
  const std::string weight = "\"weight\":";
  text.insert(text.find(weight), "\"weight\":{\"unit\":\"kg\",\"value\":7},");
  std::string out;
  ASSERT_EQ(shipped_engine().verify(text, {}, out), api::VerifyStatus::kOk);
  const json response = json::parse(out);
  EXPECT_EQ(response["verdict"], "block");
  EXPECT_NE(out.find("\"path\":\"patient.weight\""), std::string::npos) << out;
}

// Visits every value of the clean order with its path, "patient.weight.unit".
void each_value(
    const json& node, const std::string& path,
    const std::function<void(const std::string&, const json::json_pointer&, const json&)>& visit,
    const json::json_pointer& pointer = json::json_pointer()) {
  if (!path.empty()) visit(path, pointer, node);
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) {
      each_value(child, path.empty() ? key : path + "." + key, visit, pointer / key);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      each_value(node[i], path + "[" + std::to_string(i) + "]", visit, pointer / i);
    }
  }
}

bool same_kind(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return true;
  return a.type() == b.type();
}

// Every value of the order replaced by each JSON kind it is not: the field
// (or the record holding it) must be named in problems, and the order block.
TEST(HostileRequests, WrongTypesEverywhere) {
  const json order = clean_order();
  const json kinds[] = {json("text"), json(12.5), json(true), json::array({1}),
                        json::object({{"k", 1}})};
  int mutations = 0;
  each_value(order, "",
             [&](const std::string& path, const json::json_pointer& pointer, const json& value) {
               if (path == "id" || path.find("note") != std::string::npos)
                 return;  // free text: any string is fine
               for (const json& kind : kinds) {
                 if (same_kind(kind, value)) continue;
                 json damaged = order;
                 damaged[pointer] = kind;
                 SCOPED_TRACE(path + " = " + kind.dump());
                 expect_problem(damaged, path.substr(0, path.find('[')));
                 ++mutations;
               }
             });
  EXPECT_GT(mutations, 200);
}

// null is an absent value: every request with a null anywhere is answered,
// never refused as a whole.
TEST(HostileRequests, NullsEverywhereAreAnswered) {
  const json order = clean_order();
  int answered = 0;
  each_value(order, "",
             [&](const std::string& path, const json::json_pointer& pointer, const json&) {
               json damaged = order;
               damaged[pointer] = nullptr;
               std::string out;
               EXPECT_EQ(shipped_engine().verify(damaged.dump(), {}, out), api::VerifyStatus::kOk)
                   << path << ": " << out;
               answered += json::parse(out, nullptr, false).is_object() ? 1 : 0;
             });
  EXPECT_GT(answered, 60);
}

// A fact the rules need, set to null, is never fine: the order does not
// pass, and a finding names the fact as missing. (On this cycle-1 day-1
// order the rules are decided without ANC, platelets, bilirubin and QTcF:
// the hematologic rules are for later doses, the hepatic rule is false with
// normal AST and ALT, and QTcF is required only with a known-risk drug.)
TEST(HostileRequests, NulledFactsTheRulesNeedAreReportedMissing) {
  for (const char* path :
       {"patient.age", "patient.pregnant", "diagnosis.condition", "diagnosis.cd22_positive",
        "order.drug", "order.dose", "order.route", "order.cycle", "order.day",
        "order.infusion_duration", "preparation.diluent"}) {
    json order = clean_order();
    std::string pointer = "/" + std::string(path);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    order[json::json_pointer(pointer)] = nullptr;
    std::string out;
    ASSERT_EQ(shipped_engine().verify(order.dump(), {}, out), api::VerifyStatus::kOk);
    const json response = json::parse(out);
    EXPECT_NE(response["verdict"], "pass") << path;
    bool named = false;
    for (const json& finding : response["findings"]) {
      for (const json& missing : finding.value("missing", json::array()))
        named = named || missing == path;
    }
    EXPECT_TRUE(named) << path << " is not reported missing: " << out;
  }
}

TEST(HostileRequests, EmptyAndAbsurdQuantities) {
  auto with = [](const std::string& pointer, const json& value) {
    json order = clean_order();
    order[json::json_pointer(pointer)] = value;
    return order;
  };
  expect_problem(with("/patient/weight", {{"value", 70}, {"unit", ""}}), "patient.weight.unit");
  expect_problem(with("/patient/weight", {{"value", 70}}), "patient.weight");
  expect_problem(with("/patient/bsa", {{"value", 0}, {"unit", "m2"}}), "patient.bsa");
  expect_problem(with("/patient/bsa", {{"value", -1.8}, {"unit", "m2"}}), "patient.bsa");
  expect_problem(with("/patient/age", {{"value", -1}, {"unit", "a"}}), "patient.age");
  expect_problem(with("/patient/age", {{"value", 250}, {"unit", "a"}}), "patient.age");
  expect_problem(with("/patient/age", {{"value", 5000}, {"unit", "mo"}}), "patient.age");
  expect_problem(with("/patient/weight", {{"value", 0}, {"unit", "kg"}}), "patient.weight");
  expect_problem(with("/patient/weight", {{"value", 2000}, {"unit", "kg"}}), "patient.weight");
  expect_problem(with("/patient/height", {{"value", 1e6}, {"unit", "cm"}}), "patient.height");
}

TEST(HostileRequests, CycleAndDayOutOfRange) {
  json order = clean_order();
  order["order"]["cycle"] = 0;
  expect_problem(order, "order.cycle");
  order = clean_order();
  order["order"]["cycle"] = -3;
  expect_problem(order, "order.cycle");
  order = clean_order();
  order["order"]["day"] = 400;
  expect_problem(order, "order.day");
  order = clean_order();
  order["order"]["day"] = 1.5;
  expect_problem(order, "order.day");
}

TEST(HostileRequests, InvalidDates) {
  for (const char* bad :
       {"2026-02-30T09:00:00Z", "2026-13-01", "2026-00-10", "26-03-10", "2026-03-10T25:00:00Z",
        "2026-03-10T09:00:00", "yesterday", "", "2026-03-10T09:00:00+24:00"}) {
    json order = clean_order();
    order["as_of"] = bad;
    SCOPED_TRACE(bad);
    expect_problem(order, "as_of");
  }
}

TEST(HostileRequests, OneHundredThousandMedications) {
  json order = clean_order();
  json medications = json::array();
  for (int i = 0; i < 100000; ++i) medications.push_back({{"drug", "ondansetron"}});
  order["medications"] = medications;
  // Some 3 MB: over the default request size limit.
  expect_refused(order.dump(), "larger than the limit");
  // With the size raised, the list is over its item limit: a problem.
  expect_problem(order, "medications", engine_for_large_requests());
}

}  // namespace
}  // namespace rxr
