// Rules that fire for lack of data (clinical M4), values too old to count
// (`recent`, clinical M1), and groups declared like another: through the
// whole engine, JSON in, findings out.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "test_pack.h"

namespace rxr {
namespace {

using testing::engine_for;
using testing::summary;

std::string rule(const std::string& id, const std::string& when, const std::string& message = "fired") {
  return "rule " + id + " \"" + id + "\" {\n category monitoring\n severity warn\n when " + when + "\n message \"" +
         message + "\"\n cite T\n}\n";
}

// The `missing` list and message of one finding, "" when it has none.
struct Shown {
  std::string missing;
  std::string message;
};
Shown finding(const std::string& response, std::string_view id) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(response);
  for (simdjson::dom::element f : doc["findings"].get_array()) {
    if (std::string_view(f["rule"]) != id) continue;
    Shown out{"", std::string(std::string_view(f["message"]))};
    simdjson::dom::array missing;
    if (f["missing"].get_array().get(missing) == simdjson::SUCCESS) {
      for (simdjson::dom::element path : missing) {
        if (!out.missing.empty()) out.missing += ",";
        out.missing += std::string_view(path);
      }
    }
    return out;
  }
  return {"(no finding)", ""};
}

TEST(AbsentData, ARuleFiringOnIsMissingListsWhatIsMissing) {
  const auto engine = engine_for(rule("M-1", "labs.qtcf is missing or labs.potassium is missing or labs.magnesium is missing",
                                      "needed: {missing}"));
  const std::string none = testing::verify(engine, "{}");
  EXPECT_EQ(finding(none, "M-1").missing, "labs.qtcf,labs.potassium,labs.magnesium") << none;
  EXPECT_EQ(finding(none, "M-1").message, "needed: labs.qtcf, labs.potassium and labs.magnesium are missing") << none;
  const std::string one = testing::verify(engine, R"({"labs":{"qtcf":{"value":440,"unit":"ms"},"potassium":{"value":4,"unit":"mmol/L"}}})");
  EXPECT_EQ(finding(one, "M-1").missing, "labs.magnesium") << one;
  EXPECT_EQ(summary(engine, R"({"labs":{"qtcf":{"value":440,"unit":"ms"},"potassium":{"value":4,"unit":"mmol/L"},
                                "magnesium":{"value":0.9,"unit":"mmol/L"}}})"),
            "pass");
}

// A rule that fires for another reason does not list data it merely tested.
TEST(AbsentData, OnlyTheAbsenceTheFindingRestsOnIsListed) {
  const auto engine = engine_for(rule("M-1", "order.cycle == 1 or labs.anc is missing") +
                                 rule("M-2", "not (labs.anc is present and labs.anc < 1 x10^9/L)") +
                                 rule("M-3", "labs.anc is present and labs.anc < 1 x10^9/L"));
  const std::string cycle_one = testing::verify(engine, R"({"order":{"cycle":1}})");
  EXPECT_EQ(finding(cycle_one, "M-1").missing, "") << cycle_one;
  // not (false for lack of labs.anc): true, resting on that lack.
  EXPECT_EQ(finding(cycle_one, "M-2").missing, "labs.anc") << cycle_one;
  EXPECT_EQ(finding(cycle_one, "M-3").missing, "(no finding)") << cycle_one;
  const std::string low = testing::verify(engine, R"({"order":{"cycle":2},"labs":{"anc":{"value":0.5,"unit":"10*9/L"}}})");
  EXPECT_EQ(finding(low, "M-1").missing, "(no finding)") << low;
  EXPECT_EQ(finding(low, "M-3").missing, "") << low;
}

// `is missing` on a member of each entry reads that entry (it used to read
// an unrelated value), and every entry lacking it is named.
TEST(AbsentData, EntriesWithoutAValueAreEachNamed) {
  const auto engine = engine_for(rule("M-1", "any(m in medications, premedications where m.drug is missing)"));
  EXPECT_EQ(summary(engine, R"({"medications":[{"drug":"acyclovir"}],"premedications":[{"drug":"dexamethasone"}]})"),
            "pass");
  const std::string response = testing::verify(
      engine, R"({"medications":[{"drug":"acyclovir"},{"drug":""},{}],"premedications":[{"drug":null}]})");
  // In the order the fields are declared (request.rxr), then by entry.
  EXPECT_EQ(finding(response, "M-1").missing, "premedications[0].drug,medications[1].drug,medications[2].drug")
      << response;
}

TEST(AbsentData, CountsOfEntriesRestOnWhatTheyCounted) {
  const auto engine = engine_for(rule("M-1", "count(m in medications where m.drug is missing) >= 2"));
  EXPECT_EQ(summary(engine, R"({"medications":[{"drug":"acyclovir"},{}]})"), "pass");
  const std::string two = testing::verify(engine, R"({"medications":[{},{"drug":"acyclovir"},{"drug":" "}]})");
  EXPECT_EQ(finding(two, "M-1").missing, "medications[0].drug,medications[2].drug") << two;
}

constexpr const char* kRecent =
    "const WINDOW = 3 d\n"
    "recent labs within WINDOW of order.scheduled_at otherwise as_of\n";

std::string anc_at(const std::string& at) {
  return R"({"as_of":"2026-04-07T09:00:00Z","order":{"scheduled_at":"2026-04-07T10:00:00Z"},
             "labs":{"anc":{"value":0.5,"unit":"10*9/L")" + (at.empty() ? "" : R"(,"at":")" + at + "\"") + "}}}";
}

TEST(Recency, ALabOlderThanTheWindowIsReadAsAbsentByEveryRule) {
  const auto engine = engine_for(std::string(kRecent) + rule("L-1", "labs.anc < 1 x10^9/L") +
                                 rule("L-2", "labs.anc is missing", "no current count: {missing}"));
  // 72 h before the dose is still current; 72 h and a minute is not.
  EXPECT_EQ(summary(engine, anc_at("2026-04-04T10:00:00Z")), "warn L-1:warn");
  const std::string old = testing::verify(engine, anc_at("2026-04-04T09:59:00Z"));
  EXPECT_EQ(finding(old, "L-1").message, "Cannot check \"L-1\": labs.anc is older than 3 d (taken 72 h before).") << old;
  EXPECT_EQ(finding(old, "L-1").missing, "labs.anc");
  EXPECT_EQ(finding(old, "L-2").message, "no current count: labs.anc is older than 3 d (taken 72 h before)") << old;
  // A lab without a time is taken as current (the contract makes `at` optional).
  EXPECT_EQ(summary(engine, anc_at("")), "warn L-1:warn");
  // A date is midnight UTC: 2026-04-04 is 3 d 10 h before the dose.
  EXPECT_EQ(finding(testing::verify(engine, anc_at("2026-04-04")), "L-1").missing, "labs.anc");
}

TEST(Recency, TheMomentFallsBackAsWritten) {
  const auto engine = engine_for(std::string(kRecent) + rule("L-1", "labs.anc is missing"));
  std::string request = anc_at("2026-04-04T09:00:00Z");
  EXPECT_EQ(finding(testing::verify(engine, request), "L-1").missing, "labs.anc");  // 73 h before the dose
  request.replace(request.find(R"("order":{"scheduled_at":"2026-04-07T10:00:00Z"},)"), 49, "");
  EXPECT_EQ(summary(engine, request), "pass");  // exactly 72 h before as_of
}

// Only the group named: the counts before the cycle are old by definition.
TEST(Recency, OtherGroupsKeepTheirAge) {
  const auto engine = engine_for(std::string(kRecent) + rule("L-1", "baseline_labs.anc is missing"));
  EXPECT_EQ(summary(engine, R"({"as_of":"2026-04-07T09:00:00Z","baseline_labs":{"anc":{"value":1,"unit":"10*9/L","at":"2026-01-01"}}})"),
            "pass");
}

TEST(Recency, MistakesAreLocated) {
  auto errors = [](const std::string& body) {
    const api::LoadResult loaded = testing::load_rules("pack \"p\" version \"1\"\nsource T \"t\"\n"
                                                       "import \"../common/request.rxr\"\n" + body);
    return syntax::render_all(loaded.diagnostics, loaded.sources);
  };
  EXPECT_NE(errors("recent order within 3 d of as_of\n").find("pack.rxr:4:8: error: order holds no lab with a time (at)"),
            std::string::npos) << errors("recent order within 3 d of as_of\n");
  EXPECT_NE(errors("recent labs.anc within 3 d of as_of\n").find("pack.rxr:4:8: error: labs.anc is not a declared group of values"),
            std::string::npos);
  EXPECT_NE(errors("recent labs within 3 mg of as_of\n").find("pack.rxr:4:20: error: the window is mass (mg); it must be a duration"),
            std::string::npos) << errors("recent labs within 3 mg of as_of\n");
  EXPECT_NE(errors("recent labs within 3 d of 3 d\n").find("pack.rxr:4:27: error: the moment is"), std::string::npos)
      << errors("recent labs within 3 d of 3 d\n");
  EXPECT_NE(errors("recent labs within 3 d of as_of\nrecent labs within 4 d of as_of\n")
                .find("pack.rxr:5:8: error: labs already has a recency window"),
            std::string::npos);
}

// baseline_labs is declared "like labs" in the base: each analyte keeps its
// plausible range and conversions.
TEST(GroupsLikeAnother, MembersKeepTheirRangesAndConversions) {
  const auto engine = engine_for(rule("B-1", "baseline_labs.total_bilirubin > 1.2 mg/dL"));
  EXPECT_EQ(summary(engine, R"({"baseline_labs":{"total_bilirubin":{"value":20,"unit":"umol/L"}}})"), "pass");
  EXPECT_EQ(summary(engine, R"({"baseline_labs":{"total_bilirubin":{"value":21,"unit":"umol/L"}}})"), "warn B-1:warn");
  const std::string implausible = testing::verify(engine, R"({"baseline_labs":{"total_bilirubin":{"value":101,"unit":"mg/dL"}}})");
  EXPECT_NE(implausible.find(R"("path":"baseline_labs.total_bilirubin","message":"101 mg/dL is out of range)"), std::string::npos)
      << implausible;
}

TEST(GroupsLikeAnother, MistakesAreLocated) {
  const api::LoadResult loaded = testing::load_rules(
      "pack \"p\" version \"1\"\nsource T \"t\"\nimport \"../common/request.rxr\"\n"
      "field later_labs \"x\": like nothing_here\nfield labs2 \"y\": like labs.anc\nfield labs \"z\": like baseline_labs\n");
  const std::string text = syntax::render_all(loaded.diagnostics, loaded.sources);
  EXPECT_NE(text.find("pack.rxr:4:28: error: nothing_here is not a group of values declared before"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:5:23: error: labs.anc is not a group of values declared before"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:6:7: error: labs is already declared"), std::string::npos) << text;
}

// A code in quotes stands in for a missing code.
TEST(Otherwise, ACodeLiteralReplacesAMissingCode) {
  const auto engine = engine_for(rule("C-1", "(preparation.container otherwise \"bag\") == \"bag\""));
  EXPECT_EQ(summary(engine, "{}"), "warn C-1:warn");
  EXPECT_EQ(summary(engine, R"({"preparation":{"container":"BAG"}})"), "warn C-1:warn");
  EXPECT_EQ(summary(engine, R"({"preparation":{"container":"syringe"}})"), "pass");
}

}  // namespace
}  // namespace rxr
