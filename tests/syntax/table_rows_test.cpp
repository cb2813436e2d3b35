// A table row ends at the end of its line: every kind of pattern may follow
// every other kind on the next row without being read as part of it (a
// "< 45 kg" row after "-> 28" once parsed as the comparison "28 < 45 kg").
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "syntax/parse.h"

namespace rxr::syntax {
namespace {

using Kind = ast::Pattern::Kind;

struct PatternExample {
  const char* text;
  Kind kind;
};

// Each kind of pattern, and each way a pattern can begin (a sign, a bound
// operator, a string, a boolean, a word).
const std::vector<PatternExample> kPatterns = {
    {"any", Kind::kAny},           {"45 kg", Kind::kValues},       {"-5 kg", Kind::kValues},
    {"\"a\" | \"b\"", Kind::kValues}, {"true", Kind::kValues},     {"1 kg..2 kg", Kind::kRange},
    {"< 45 kg", Kind::kBound},     {"<= 45 kg", Kind::kBound},     {">= 45 kg", Kind::kBound},
    {"> 45 kg", Kind::kBound},
};

struct Parsed {
  SourceSet sources;
  Diagnostics diagnostics;
  ast::File file;

  std::string errors() const { return render_brief(diagnostics, sources); }
};

Parsed parse(const std::string& text) {
  Parsed out;
  const FileId id = out.sources.add("t.rxr", text);
  out.file = parse_file(out.sources, id, out.diagnostics, {});
  return out;
}

TEST(TableRows, EveryPatternKindMayFollowEveryOther) {
  for (const PatternExample& first : kPatterns) {
    for (const PatternExample& second : kPatterns) {
      const std::string text = fmt::format("table t(x) -> mg {{\n  {} -> 28\n  {} -> 9\n}}\n", first.text, second.text);
      const Parsed parsed = parse(text);
      ASSERT_TRUE(parsed.diagnostics.empty()) << text << parsed.errors();
      ASSERT_EQ(parsed.file.tables.size(), 1u) << text;
      const auto& rows = parsed.file.tables[0].rows;
      ASSERT_EQ(rows.size(), 2u) << text;
      EXPECT_EQ(rows[0].patterns[0].kind, first.kind) << text;
      EXPECT_EQ(rows[1].patterns[0].kind, second.kind) << text;
      EXPECT_EQ(rows[1].span.line, 3u) << text;
    }
  }
}

TEST(TableRows, ARowMayContinueAfterACommaAnArrowOrAnOperator) {
  const Parsed parsed = parse(
      "table t(x, y) -> mg {\n"
      "  1,\n"
      "    2 -> 3 +\n"
      "         4\n"
      "  any, any ->\n"
      "    5\n"
      "  6, 7 -> (8\n"
      "           * 2) }\n");
  ASSERT_TRUE(parsed.diagnostics.empty()) << parsed.errors();
  ASSERT_EQ(parsed.file.tables.size(), 1u);
  EXPECT_EQ(parsed.file.tables[0].rows.size(), 3u);
}

TEST(TableRows, ARowEndsAtTheEndOfItsLineOutsideTablesLinesDoNotMatter) {
  const Parsed parsed = parse("let a = 28\n  < 45 kg\ntable t(x) -> mg {\n}\ntable u(x) -> mg { any -> 1 }\n");
  ASSERT_TRUE(parsed.diagnostics.empty()) << parsed.errors();
  ASSERT_EQ(parsed.file.lets.size(), 1u);  // a let's expression still spans lines
  ASSERT_EQ(parsed.file.tables.size(), 2u);
  EXPECT_TRUE(parsed.file.tables[0].rows.empty());
  EXPECT_EQ(parsed.file.tables[1].rows.size(), 1u);
}

TEST(TableRows, AValueLeftHangingAtTheEndOfTheRowSaysSo) {
  const Parsed parsed = parse("table t(x) -> mg {\n  1 -> 2\n  3\n}\n");
  ASSERT_EQ(parsed.diagnostics.size(), 1u) << parsed.errors();
  const std::string text = parsed.errors();
  EXPECT_NE(text.find("t.rxr:3:"), std::string::npos) << text;
}

}  // namespace
}  // namespace rxr::syntax
