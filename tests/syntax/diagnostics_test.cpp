// Rule-text mistakes: each reported once, where it is, with a hint.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../engine/test_pack.h"

namespace rxr {
namespace {

using testing::load_rules;

std::string brief(const api::LoadResult& r) { return syntax::render_brief(r.diagnostics, r.sources); }

TEST(Diagnostics, FiveMistakesGiveFiveLocatedDiagnostics) {
  const api::LoadResult r = load_rules(R"(pack "p" version "1" import "../common/request.rxr"
source PI "PI"
rule A-1 "unknown path" {
  category regimen
  severity block
  when labs.ancc < 1 x10^9/L
  message "m"
  cite PI
}
rule A-2 "units" {
  category regimen
  severity block
  when order.dose > 10000 /mm3
  message "m"
  cite PI
}
rule A-1 "duplicate id" {
  category regimen
  severity fatal
  when order.cycle > 6
  message "m"
  cite PI
}
rule A-3 "bad category" {
  category dosing
  severity warn
  when order.drug in opioids
  message "m"
  cite PI
}
)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(brief(r),
            "pack.rxr:6:8: error: unknown name 'labs.ancc' (hint: did you mean labs.anc?)\n"
            "pack.rxr:13:8: error: cannot compare mass (mg) with cell count (/mm3) "
            "(hint: write the right side in a unit of mass (mg), e.g. mg, g, kg, mcg or lb)\n"
            "pack.rxr:17:6: error: rule id A-1 is used twice (first in pack.rxr:3) "
            "(hint: rule ids must be unique in a pack: findings are reported by id)\n"
            "pack.rxr:19:12: error: 'fatal' is not a severity (hint: use info, warn or block)\n"
            "pack.rxr:25:12: error: 'dosing' is not a category (hint: use one of: eligibility, regimen, "
            "premedication, cytoreduction, interaction, dose-modification, preparation, monitoring)\n"
            "pack.rxr:27:22: error: unknown name 'opioids' (hint: paths are those of the request contract "
            "(labs.anc, order.dose, ...) or names declared with let, const or list)");
}

TEST(Diagnostics, RenderShowsTheLineAndACaret) {
  const api::LoadResult r = load_rules("pack \"p\" version \"1\"\nconst X = 3 mgg\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(syntax::render(r.diagnostics.items()[0], r.sources),
            "pack.rxr:2:13: error: unknown unit 'mgg'\n"
            "  const X = 3 mgg\n"
            "              ^~~\n"
            "  hint: units are written as in the request contract: mg, mg/m2, /mm3, x10^9/L, mmol/L, d, h\n");
}

TEST(Diagnostics, SyntaxErrorsSayWhatWasExpected) {
  const api::LoadResult r = load_rules("pack \"p\" version \"1\"\nrule X-1 \"t\" {\n  when order.day = 1\n}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(brief(r), "pack.rxr:3:18: error: unexpected '=' (hint: compare with '==' ('=' only names a value "
                      "in let and const))");
}

TEST(Diagnostics, MissingRulePartsAreNamed) {
  const api::LoadResult r = load_rules("pack \"p\" version \"1\"\nrule X-1 \"t\" {\n  severity warn\n}\n");
  EXPECT_EQ(brief(r),
            "pack.rxr:2:6: error: rule X-1 has no 'category' (hint: add e.g.: category cytoreduction)\n"
            "pack.rxr:2:6: error: rule X-1 has no 'cite' (hint: add e.g.: cite PI \"section 2.2\")\n"
            "pack.rxr:2:6: error: rule X-1 has no 'when' (hint: add e.g.: when labs.anc < 1 x10^9/L)\n"
            "pack.rxr:2:6: error: rule X-1 has no 'message' (hint: add e.g.: message \"...\")");
}

TEST(Diagnostics, TypeErrorsInsideMessagesPointIntoTheString) {
  const api::LoadResult r = load_rules(
      "pack \"p\" version \"1\" import \"../common/request.rxr\"\nsource T \"t\"\nrule X-1 \"t\" {\n category regimen\n"
      " severity warn\n when true\n message \"dose {order.dose as /mm3}\"\n cite T\n}\n");
  EXPECT_EQ(brief(r), "pack.rxr:7:31: error: cannot show mass (mg) in /mm3 (hint: use a unit of mass (mg))");
}

TEST(Diagnostics, SumTakesQuantitiesNotTimes) {
  const api::LoadResult r = load_rules(
      "pack \"p\" version \"1\"\nimport \"../common/request.rxr\"\n"
      "let s = sum(a in history.administrations select a.given_at)\n");
  EXPECT_EQ(brief(r), "pack.rxr:3:49: error: sum takes numbers or quantities; this is a time "
                      "(hint: sum a duration: sum(a in history.administrations select a.ended_at - a.given_at))");
}

TEST(Diagnostics, LetCyclesAndUnknownTablesAreReported) {
  const api::LoadResult r = load_rules(
      "pack \"p\" version \"1\"\nlet a = b + 1\nlet b = a + 1\nconst C = dose_table(1)\n");
  const std::string text = brief(r);
  EXPECT_NE(text.find("'a' is defined in terms of itself"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:4:11: error: unknown table or function 'dose_table'"), std::string::npos) << text;
}

TEST(Diagnostics, HostileNestingIsRefusedNotRecursed) {
  const std::string deep = "pack \"p\" version \"1\"\nconst X = " + std::string(10000, '(') + "1" +
                           std::string(10000, ')') + "\n";
  const api::LoadResult r = load_rules(deep);
  EXPECT_EQ(brief(r).rfind("pack.rxr:2:", 0), 0u);
  EXPECT_NE(brief(r).find("nested more than 64 deep"), std::string::npos);
}

// "Did you mean" has a work budget per pack (fuzzing found a 50 KB file of
// unknown and declared names that took a minute to check): the first
// mistakes still get their suggestion, later ones the general hint.
TEST(Diagnostics, SuggestionsStopWhenTheirBudgetIsSpent) {
  std::string text = "pack \"p\" version \"1\"\n";
  for (int i = 0; i < 1000; ++i) text += fmt::format("const C{:04} = 1\n", i);
  for (int i = 0; i < 1000; ++i) text += fmt::format("let x{:04} = D{:04}\n", i, i);
  const api::LoadResult r = load_rules(text);
  ASSERT_EQ(r.diagnostics.size(), 1000u);
  EXPECT_EQ(r.diagnostics.items().front().message, "unknown name 'D0000'");
  EXPECT_EQ(r.diagnostics.items().front().hint, "did you mean C0000?");
  // The last one kept (see ErrorsPastTheLimitAreCountedNotKept) comes after the budget ran out.
  ASSERT_EQ(r.diagnostics.items().size(), syntax::Diagnostics::kMaxKept);
  EXPECT_EQ(r.diagnostics.items().back().message, "unknown name 'D0199'");
  EXPECT_EQ(r.diagnostics.items().back().hint.find("did you mean"), std::string::npos);
}

// Lines come from an index built once per file, so rendering thousands of
// diagnostics does not rescan the file for each (a 900 KB file with 50,000
// unknown names took 10 s to render).
TEST(Source, LinesAreFoundByNumber) {
  syntax::SourceSet sources;
  const syntax::FileId id = sources.add("pack.rxr", "first\r\nsecond\n\nfourth");
  const syntax::SourceFile& file = sources.file(id);
  EXPECT_EQ(file.line(1), "first");
  EXPECT_EQ(file.line(2), "second");
  EXPECT_EQ(file.line(3), "");
  EXPECT_EQ(file.line(4), "fourth");
  EXPECT_EQ(file.line(5), "");
  EXPECT_EQ(file.line(0), "");
}

// A long line is shown as a window of 120 characters around the caret. Only
// the window is decoded: the many diagnostics a long line can carry must not
// each decode all of it (50,000 on a 900 KB line took minutes).
TEST(Diagnostics, LongLinesShowAWindowAroundTheCaret) {
  std::string line;
  for (int i = 0; i < 30; ++i) line += "0123456789";  // 300 characters
  syntax::SourceSet sources;
  const syntax::FileId id = sources.add("pack.rxr", line + "\n");
  auto shown = [&](uint32_t column, uint32_t length) {
    const std::string out = syntax::render({{id, 1, column, length}, "m", {}}, sources);
    return out.substr(out.find('\n') + 1);  // the line and the caret
  };
  EXPECT_EQ(shown(1, 1), "  " + line.substr(0, 120) + "...\n  ^\n");
  EXPECT_EQ(shown(150, 3), "  ..." + line.substr(89, 120) + "...\n  " + std::string(63, ' ') + "^~~\n");
  EXPECT_EQ(shown(300, 1), "  ..." + line.substr(180) + "\n  " + std::string(122, ' ') + "^\n");
  // A column past the end of the line (as the end of the file has) keeps the line's end in view.
  EXPECT_EQ(shown(1000, 5), "  ..." + line.substr(180) + "\n  " + std::string(123, ' ') + "^\n");
}

// A file can hold tens of thousands of mistakes; the first 200 are kept and
// shown, the rest counted, so rendering stays fast and the pack still fails.
TEST(Diagnostics, ErrorsPastTheLimitAreCountedNotKept) {
  syntax::SourceSet sources;
  const syntax::FileId id = sources.add("pack.rxr", "x\n");
  syntax::Diagnostics diagnostics;
  for (int i = 0; i < 5000; ++i) diagnostics.error({id, 1, 1, 1}, "m");
  EXPECT_EQ(diagnostics.size(), 5000u);
  EXPECT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics.items().size(), syntax::Diagnostics::kMaxKept);
  EXPECT_NE(syntax::render_all(diagnostics, sources).find("... and 4800 more errors, not shown"), std::string::npos);
  EXPECT_NE(syntax::render_brief(diagnostics, sources).find("... and 4800 more errors"), std::string::npos);
}

TEST(Diagnostics, ImportsThatCannotBeReadAreLocated) {
  const api::LoadResult r = load_rules("pack \"p\" version \"1\"\nimport \"nowhere.rxr\"\n");
  EXPECT_EQ(brief(r), "pack.rxr:2:8: error: cannot read rule file 'nowhere.rxr': no such file "
                      "(hint: import paths are relative to the importing file)");
}


TEST(Diagnostics, ACodeWrittenAsANameSuggestsTheString) {
  const api::LoadResult r = load_rules(R"(pack "p" version "1" import "../common/request.rxr"
source PI "PI"
rule A-1 "route" {
  category regimen
  severity block
  when order.route != IV
  message "m"
  cite PI
})");
  EXPECT_EQ(brief(r),
            "pack.rxr:6:23: error: unknown name 'IV' (hint: a code is written as a string: order.route != \"IV\")");
}

TEST(Diagnostics, ADosePerM2ComparedWithADoseSuggestsTheBsa) {
  const api::LoadResult r = load_rules(R"(pack "p" version "1" import "../common/request.rxr"
source PI "PI"
rule A-1 "dose" {
  category regimen
  severity block
  when order.dose > 0.8 mg/m2
  message "m"
  cite PI
})");
  const std::string text = brief(r);
  EXPECT_NE(text.find("cannot compare"), std::string::npos) << text;
  EXPECT_NE(text.find("hint: 0.8 mg/m2 is per m2 of body surface: multiply it by the patient's, 0.8 mg/m2 * patient.bsa"),
            std::string::npos)
      << text;
}

TEST(Diagnostics, ADuplicateRuleIdNamesTheFileOfTheFirst) {
  const api::LoadResult r = load_rules(R"(pack "p" version "1"
import "../common/request.rxr"
import "../common/data-quality.rxr"
source PI "PI"
rule DQ-DRUG-001 "again" {
  category regimen
  severity block
  when order.cycle > 6
  message "m"
  cite PI
})");
  const std::string text = brief(r);
  EXPECT_NE(text.find("pack.rxr:5:6: error: rule id DQ-DRUG-001 is used twice (first in ../common/data-quality.rxr:"),
            std::string::npos)
      << text;
}


// After a syntax error the rest of the pack is still checked: one typo and
// three type errors give four diagnostics, and what the broken declaration
// would have declared is not reported again as unknown where it is used.
TEST(Diagnostics, ASyntaxErrorDoesNotHideTheOtherMistakes) {
  const api::LoadResult r = load_rules(R"(pack "p" version "1" import "../common/request.rxr"
source PI "PI"
const LIMIT = = 3 mg
rule A-1 "typo" {
  category regimen
  severity block
  when order.day = 1
  message "m"
  cite PI
}
rule A-2 "units" {
  category regimen
  severity block
  when order.dose > 10000 /mm3
  message "m"
  cite PI
}
rule A-3 "unknown path" {
  category regimen
  severity block
  when labs.ancc < 1 10*9/L
  message "m"
  cite PI
}
rule A-4 "uses the broken const" {
  category regimen
  severity block
  when order.dose > LIMIT and order.cycle > "six"
  message "m"
  cite PI
}
)");
  ASSERT_FALSE(r.ok());
  const std::string text = brief(r);
  EXPECT_EQ(r.diagnostics.size(), 5u) << text;  // two syntax errors, three type errors
  EXPECT_NE(text.find("pack.rxr:3:15: error: unexpected '='"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:7:18: error: unexpected '='"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:14:8: error: cannot compare"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:21:8: error: unknown name 'labs.ancc'"), std::string::npos) << text;
  EXPECT_NE(text.find("pack.rxr:28:31: error: cannot compare"), std::string::npos) << text;
  EXPECT_EQ(text.find("unknown name 'LIMIT'"), std::string::npos) << text;
  EXPECT_EQ(text.find("no header"), std::string::npos) << text;
}

}  // namespace
}  // namespace rxr
