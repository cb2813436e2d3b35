// `rxrules fmt`'s layout: canonical, idempotent, comments kept, only white
// space changed, and no layout at all for text that does not parse.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../engine/test_pack.h"
#include "syntax/layout.h"

namespace rxr {
namespace {

namespace fs = std::filesystem;
using testing::read_file;

struct Laid {
  std::optional<std::string> text;
  syntax::SourceSet sources;
  syntax::Diagnostics diagnostics;
};

Laid lay_out(const std::string& name, const std::string& text) {
  Laid laid;
  const syntax::FileId id = laid.sources.add(name, text);
  laid.text = syntax::canonical_layout(laid.sources, id, laid.diagnostics);
  return laid;
}

std::vector<fs::path> files_under(const fs::path& folder, const std::string& ending) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > ending.size() && name.compare(name.size() - ending.size(), ending.size(), ending) == 0) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

const fs::path kSource = RXR_SOURCE_DIR;

// The shipped text with its horizontal layout scrambled: every line indented
// by a different amount, every space between tokens widened, trailing blanks
// added; strings and comments untouched. Line breaks stay where they were.
std::string scrambled(const std::string& text) {
  std::string out;
  std::size_t line = 0;
  bool line_start = true, in_string = false, in_comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      out += "  \t\n";
      line_start = true;
      in_string = in_comment = false;
      ++line;
      continue;
    }
    if (line_start) {
      if (c == ' ') continue;
      out.append(line % 7, ' ');
      line_start = false;
    }
    if (!in_comment && c == '"' && (i == 0 || text[i - 1] != '\\')) in_string = !in_string;
    if (!in_string && c == '#') in_comment = true;
    out += c;
    if (c == ' ' && !in_string && !in_comment) out += line % 2 == 0 ? " " : "\t ";
  }
  return out;
}

TEST(Layout, ShippedRuleFilesAreInTheCanonicalLayout) {
  const auto files = files_under(kSource / "rules", ".rxr");
  ASSERT_GE(files.size(), 14u);
  for (const fs::path& file : files) {
    const std::string text = read_file(file.string());
    const Laid laid = lay_out(file.string(), text);
    ASSERT_TRUE(laid.text) << file << ": " << syntax::render_all(laid.diagnostics, laid.sources);
    EXPECT_EQ(*laid.text, text) << file << " is not formatted: run rxrules fmt rules/";
  }
}

TEST(Layout, ScrambledShippedFilesComeBackByteForByte) {
  for (const fs::path& file : files_under(kSource / "rules", ".rxr")) {
    const std::string text = read_file(file.string());
    const std::string messy = scrambled(text);
    ASSERT_NE(messy, text);
    const Laid laid = lay_out(file.string(), messy);
    ASSERT_TRUE(laid.text) << file << ": " << syntax::render_all(laid.diagnostics, laid.sources);
    EXPECT_EQ(*laid.text, text) << file;
  }
}

// tests/fmt/NAME.messy.rxr lays out as tests/fmt/NAME.rxr, which lays out as itself.
TEST(Layout, BadlyLaidOutInputsOfEveryConstruct) {
  const auto inputs = files_under(kSource / "tests/fmt", ".messy.rxr");
  ASSERT_GE(inputs.size(), 2u);
  for (const fs::path& input : inputs) {
    std::string expected_name = input.string();
    expected_name.replace(expected_name.size() - std::string(".messy.rxr").size(), std::string::npos, ".rxr");
    const std::string expected = read_file(expected_name);
    ASSERT_FALSE(expected.empty()) << expected_name;
    const Laid once = lay_out(input.string(), read_file(input.string()));
    ASSERT_TRUE(once.text) << input << ": " << syntax::render_all(once.diagnostics, once.sources);
    EXPECT_EQ(*once.text, expected) << input;
    const Laid twice = lay_out(input.string(), *once.text);
    ASSERT_TRUE(twice.text);
    EXPECT_EQ(*twice.text, *once.text) << input << ": fmt is not idempotent";
  }
}

TEST(Layout, CommentsStayWhereTheyWere) {
  const Laid laid = lay_out("c.rxr",
                            "# head\npack \"p\" version \"1\" # after the pack\n"
                            "rule A \"t\" {\n      # above category\ncategory regimen\n  # before the brace\n}\n"
                            "let x = 1 # on x\n    # the end\n");
  ASSERT_TRUE(laid.text);
  EXPECT_EQ(*laid.text,
            "# head\npack \"p\" version \"1\"  # after the pack\n\n"
            "rule A \"t\" {\n  # above category\n  category regimen\n  # before the brace\n}\n\n"
            "let x = 1  # on x\n# the end\n");
}

TEST(Layout, ContinuationLinesAlignWithWhatTheyContinue) {
  const Laid laid = lay_out("c.rxr",
                            "let x = a and (b\n or c)\n or any(m in medications\nwhere m.drug in l\n and m.x)\n");
  ASSERT_TRUE(laid.text);
  EXPECT_EQ(*laid.text,
            "let x = a and (b\n"
            "               or c)\n"
            "        or any(m in medications\n"
            "               where m.drug in l\n"
            "                     and m.x)\n");
}

TEST(Layout, TextThatDoesNotParseHasNoLayout) {
  const Laid laid = lay_out("bad.rxr", "pack \"p\" version \"1\"\nrule A \"t\" {\n  when order.day = 1\n}\n");
  EXPECT_FALSE(laid.text);
  ASSERT_FALSE(laid.diagnostics.empty());
  EXPECT_EQ(laid.diagnostics.items().front().span.line, 3u);
  EXPECT_NE(syntax::render_all(laid.diagnostics, laid.sources).find("bad.rxr:3:"), std::string::npos);
}

TEST(Layout, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(lay_out("e.rxr", "").text, std::string());
  EXPECT_EQ(lay_out("e.rxr", "\n\n  \n").text, std::string());
  EXPECT_EQ(lay_out("e.rxr", "\n\n   # only\n\n\n# this\n").text, std::string("# only\n\n# this\n"));
}

}  // namespace
}  // namespace rxr
