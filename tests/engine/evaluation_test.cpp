// Evaluation semantics, through the whole engine: JSON in, findings out.
#include <gtest/gtest.h>

#include "test_pack.h"

namespace rxr {
namespace {

using testing::engine_for;
using testing::summary;

std::string rule(const std::string& id, const std::string& when, const std::string& severity = "block") {
  return "rule " + id + " \"" + id + "\" {\n category regimen\n severity " + severity + "\n when " + when +
         "\n message \"fired\"\n cite T\n}\n";
}

TEST(Evaluation, ThresholdsHoldAcrossUnitsAtTheBoundary) {
  const auto engine = engine_for(rule("R-1", "labs.circulating_blasts > 10000 /mm3"));
  auto blasts = [&](const std::string& value, const std::string& unit) {
    return summary(engine, R"({"labs":{"circulating_blasts":{"value":)" + value + R"(,"unit":")" + unit + R"("}}})");
  };
  EXPECT_EQ(blasts("10000", "/mm3"), "pass");
  EXPECT_EQ(blasts("10001", "/mm3"), "block R-1:block");
  EXPECT_EQ(blasts("10", "10*9/L"), "pass");
  EXPECT_EQ(blasts("10.001", "x10^9/L"), "block R-1:block");
  EXPECT_EQ(blasts("10", "G/L"), "pass");
}

TEST(Evaluation, MissingFactsMakeTheRuleReportThemAsWarnings) {
  const auto engine = engine_for(rule("R-1", "labs.anc < 1 x10^9/L"));
  const std::string response = testing::verify(engine, "{}");
  EXPECT_NE(response.find(R"("severity":"warn","message":"Cannot check \"R-1\": labs.anc is missing.")"),
            std::string::npos) << response;
  EXPECT_NE(response.find(R"("missing":["labs.anc"])"), std::string::npos) << response;
}

TEST(Evaluation, KleeneLogicDecidesWithoutTheMissingFact) {
  const auto engine = engine_for(rule("AND-1", "order.cycle == 1 and labs.anc < 1 x10^9/L") +
                                 rule("OR-1", "order.cycle == 1 or labs.anc < 1 x10^9/L") +
                                 rule("NOT-1", "not (labs.anc < 1 x10^9/L)"));
  // false and unknown = false; true or unknown = true; not unknown = unknown.
  EXPECT_EQ(summary(engine, R"({"order":{"cycle":2}})"), "warn OR-1:warn NOT-1:warn");
  EXPECT_EQ(summary(engine, R"({"order":{"cycle":1}})"), "block AND-1:warn OR-1:block NOT-1:warn");
}

TEST(Evaluation, InvalidDataBlocksEvenWhenNoRuleFires) {
  const auto engine = engine_for(rule("R-1", "false"));
  const std::string response = testing::verify(engine, R"({"labs":{"anc":{"value":1,"unit":"cells"}}})");
  EXPECT_NE(response.find(R"("verdict":"block")"), std::string::npos) << response;
  EXPECT_NE(response.find(R"("path":"labs.anc.unit")"), std::string::npos) << response;
}

TEST(Evaluation, ListsMatchSynonymsAndSaltForms) {
  const auto engine = engine_for(
      "salts \"hydrochloride\", \"sodium\", \"succinate\"\n"
      "drug \"acetaminophen\" aka \"paracetamol\"\n"
      "list antipyretics = [\"acetaminophen\"]\n"
      "list steroids = [\"methylprednisolone\"]\n" +
      rule("P-1", "not any(p in premedications where p.drug in antipyretics)") +
      rule("P-2", "not any(p in premedications where p.drug in steroids)"));
  EXPECT_EQ(summary(engine, R"({"premedications":[{"drug":" PARACETAMOL "},
                                                  {"drug":"Methylprednisolone Sodium Succinate"}]})"),
            "pass");
  EXPECT_EQ(summary(engine, R"({"premedications":[{"drug":"ibuprofen"}]})"), "block P-1:block P-2:block");
  EXPECT_EQ(summary(engine, R"({})"), "warn P-1:warn P-2:warn");
}

TEST(Evaluation, CountAndCollectGoOverLists) {
  const auto engine = engine_for(
      "list qt = [\"ondansetron\", \"fluconazole\"]\n"
      "rule Q-1 \"qt\" {\n category interaction\n severity warn\n"
      " when count(m in medications where m.drug in qt) >= 2\n"
      " message \"QT drugs: {collect(m in medications where m.drug in qt select m.drug)}\"\n cite T\n}\n");
  const std::string response = testing::verify(
      engine, R"({"medications":[{"drug":"Ondansetron"},{"drug":"acyclovir"},{"drug":"fluconazole"}]})");
  EXPECT_NE(response.find(R"("message":"QT drugs: Ondansetron, fluconazole")"), std::string::npos) << response;
  EXPECT_EQ(summary(engine, R"({"medications":[{"drug":"ondansetron"}]})"), "pass");
  // An entry with no name leaves count undecided, but collect still names what it knows.
  const auto named = engine_for(
      "list qt = [\"ondansetron\"]\n"
      "rule Q-2 \"qt\" {\n category interaction\n severity warn\n"
      " when any(m in medications where m.drug in qt)\n"
      " message \"QT drugs: {collect(m in medications where m.drug in qt select m.drug)}\"\n cite T\n}\n");
  const std::string partial = testing::verify(named, R"({"medications":[{"drug":"ondansetron"},{}]})");
  EXPECT_NE(partial.find(R"("message":"QT drugs: ondansetron")"), std::string::npos) << partial;
}

// A collect whose condition reads another name of the entry than the one
// it lists: an entry with that name absent is decided by its condition,
// unknown here, and is not listed.
TEST(Evaluation, CollectTestsTheNameItsConditionReads) {
  const auto engine = engine_for(
      "let iv_premedications = collect(p in premedications where p.route == \"IV\" select p.drug)\n"
      "rule P-1 \"iv\" {\n category premedication\n severity info\n"
      " when premedications is present\n"
      " message \"IV: {iv_premedications}\"\n cite T\n}\n");
  const std::string response = testing::verify(
      engine, R"({"premedications":[{"drug":"dexamethasone","route":"IV"},{"drug":"cetirizine"},)"
              R"({"drug":"paracetamol","route":"PO"},{"drug":"diphenhydramine","route":"iv"}]})");
  EXPECT_NE(response.find(R"("message":"IV: dexamethasone, diphenhydramine")"), std::string::npos) << response;
}

TEST(Evaluation, CodeListsAndListLiterals) {
  const auto engine = engine_for(rule("C-1", "\"congenital-long-qt\" in patient.conditions") +
                                 rule("C-2", "order.route not in [\"IV\", \"intravenous\"]") +
                                 rule("C-3", "order.day not in [1, 8, 15]"));
  EXPECT_EQ(summary(engine, R"({"patient":{"conditions":["Congenital-Long-QT"]},"order":{"route":"iv","day":8}})"),
            "block C-1:block");
  EXPECT_EQ(summary(engine, R"({"patient":{"conditions":[]},"order":{"route":"SC","day":9}})"),
            "block C-2:block C-3:block");
}

TEST(Evaluation, TablesTakeTheFirstMatchingRowAndRespectUnknowns) {
  const auto engine = engine_for(
      "table dose_per_m2(cycle, status, day) -> mg/m2 {\n"
      "  1, any, 1 -> 0.8\n  1, any, 6..10 -> 0.5\n"
      "  >= 2, \"CR\" | \"CRi\", 1 -> 0.5\n  >= 2, any, 1 -> 0.8\n}\n"
      "let expected = dose_per_m2(order.cycle, response.status, order.day) * patient.bsa\n" +
      rule("D-1", "not (order.dose within 10 % of expected)"));
  auto order = [](const std::string& cycle, const std::string& day, const std::string& status,
                  const std::string& dose) {
    std::string r = R"({"patient":{"bsa":{"value":2,"unit":"m2"}},"order":{"cycle":)" + cycle + R"(,"day":)" + day +
                    R"(,"dose":{"value":)" + dose + R"(,"unit":"mg"}})";
    if (!status.empty()) r += R"(,"response":{"status":")" + status + R"("})";
    return r + "}";
  };
  EXPECT_EQ(summary(engine, order("1", "1", "", "1.6")), "pass");          // 0.8 x 2; status not needed
  EXPECT_EQ(summary(engine, order("1", "1", "", "1.76")), "pass");         // exactly +10%
  EXPECT_EQ(summary(engine, order("1", "1", "", "1.761")), "block D-1:block");
  EXPECT_EQ(summary(engine, order("1", "8", "", "1.0")), "pass");
  EXPECT_EQ(summary(engine, order("2", "1", "CRi", "1.0")), "pass");       // 0.5 x 2
  EXPECT_EQ(summary(engine, order("2", "1", "PR", "1.6")), "pass");        // later row: 0.8
  EXPECT_EQ(summary(engine, order("2", "1", "", "1.6")), "warn D-1:warn"); // status decides the row
  EXPECT_EQ(summary(engine, order("1", "3", "", "1.6")), "warn D-1:warn"); // no row: cannot decide
}

TEST(Evaluation, TimesAndDurations) {
  const auto engine = engine_for(
      "let last = max(a in history.administrations select a.given_at)\n" +
      rule("T-1", "count(history.administrations) > 0 and (order.scheduled_at otherwise as_of) - last < 6 d"));
  const auto preparation = engine_for(rule("T-2", "preparation.diluted_at - preparation.reconstituted_at > 4 h"));
  auto gap = [&](const std::string& scheduled) {
    return summary(engine, R"({"as_of":"2026-03-09T08:00:00Z","order":{)" + scheduled +
                               R"(},"history":{"administrations":[{"given_at":"2026-03-01"},{"given_at":"2026-03-03"}]}})");
  };
  EXPECT_EQ(gap(R"("scheduled_at":"2026-03-09T00:00:00Z")"), "pass");            // exactly 6 days
  EXPECT_EQ(gap(R"("scheduled_at":"2026-03-08T23:59:00Z")"), "block T-1:block"); // 5 d 23 h 59 min
  EXPECT_EQ(gap(""), "pass");                                                   // as_of: 6 d 8 h
  auto prep = [&](const std::string& diluted) {
    return summary(preparation, R"({"preparation":{"reconstituted_at":"2026-03-10T08:00:00Z","diluted_at":")" +
                               diluted + R"("}})");
  };
  EXPECT_EQ(prep("2026-03-10T12:00:00Z"), "pass");
  EXPECT_EQ(prep("2026-03-10T12:01:00Z"), "block T-2:block");
  EXPECT_EQ(prep("2026-03-10T13:00:00+01:00"), "pass");
}

// sum adds the selected value of the matching entries: infusion time per
// cycle from start and end; an empty selection is 0, an entry lacking a
// time leaves it undecided.
TEST(Evaluation, SumAddsDurationsOfMatchingEntries) {
  const auto engine = engine_for(
      "let infused = sum(a in history.administrations where a.cycle == order.cycle select a.ended_at - a.given_at)\n" +
      rule("S-1", "infused + 1 d > 28 d"));
  auto cycle = [&](const std::string& administrations) {
    return summary(engine, R"({"order":{"cycle":2},"history":{"administrations":[)" + administrations + "]}}");
  };
  const std::string earlier = R"({"cycle":1,"given_at":"2026-01-01T00:00:00Z","ended_at":"2026-01-29T00:00:00Z"})";
  EXPECT_EQ(cycle(earlier), "pass");  // another cycle's 28 days do not count: 0 + 1 d
  EXPECT_EQ(cycle(earlier + R"(,{"cycle":2,"given_at":"2026-03-01T00:00:00Z","ended_at":"2026-03-15T00:00:00Z"},)" +
                  R"({"cycle":2,"given_at":"2026-03-16T00:00:00Z","ended_at":"2026-03-29T00:00:00Z"})"),
            "pass");  // 14 d + 13 d + 1 d = 28 d
  EXPECT_EQ(cycle(R"({"cycle":2,"given_at":"2026-03-01T00:00:00Z","ended_at":"2026-03-15T00:00:00Z"},)"
                  R"({"cycle":2,"given_at":"2026-03-16T00:00:00Z","ended_at":"2026-03-29T00:01:00Z"})"),
            "block S-1:block");  // one minute more
  EXPECT_EQ(cycle(R"({"cycle":2,"given_at":"2026-03-01T00:00:00Z"})"), "warn S-1:warn");  // no end: undecided
}

TEST(Evaluation, LimitsOfNormal) {
  const auto engine = engine_for(
      rule("H-1", "labs.total_bilirubin > 1.5 x ULN and (labs.ast > 2.5 x ULN or labs.alt > 2.5 x ULN)"));
  const auto potassium = engine_for(rule("K-1", "labs.potassium < (labs.potassium.lln otherwise 3.5 mmol/L)", "warn"));
  EXPECT_EQ(summary(engine, R"({"labs":{"total_bilirubin":{"value":1.8,"unit":"mg/dL","uln":1.2},
            "ast":{"value":100,"unit":"U/L","uln":40},"alt":{"value":30,"unit":"U/L","uln":40}}})"),
            "pass");  // 1.8 = 1.5 x 1.2 exactly; AST 100 = 2.5 x 40 exactly
  EXPECT_EQ(summary(engine, R"({"labs":{"total_bilirubin":{"value":31,"unit":"umol/L","uln":20.52},
            "ast":{"value":101,"unit":"U/L","uln":40},"alt":{"value":30,"unit":"U/L","uln":40}}})"),
            "block H-1:block");
  EXPECT_EQ(summary(potassium, R"({"labs":{"potassium":{"value":3.4,"unit":"mEq/L"}}})"), "warn K-1:warn");
  EXPECT_EQ(summary(potassium, R"({"labs":{"potassium":{"value":3.4,"unit":"mmol/L","lln":3.3}}})"), "pass");
}

TEST(Evaluation, AgeInMonthsAndWeightInPounds) {
  const auto engine = engine_for(rule("E-1", "patient.age < 1 a") + rule("W-1", "patient.weight > 100 kg", "warn"));
  EXPECT_EQ(summary(engine, R"({"patient":{"age":{"value":11,"unit":"mo"},"weight":{"value":22,"unit":"lb"}}})"),
            "block E-1:block");
  EXPECT_EQ(summary(engine, R"({"patient":{"age":{"value":12,"unit":"mo"},"weight":{"value":221,"unit":"lb"}}})"),
            "warn W-1:warn");
}

}  // namespace
}  // namespace rxr
