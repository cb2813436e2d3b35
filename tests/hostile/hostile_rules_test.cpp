// The hostile-rule-file catalogue of docs/safety.md: damaged, enormous and
// deceptive rule text. Each is refused with located diagnostics (or, where
// the text is merely large, loaded within the limits); none crashes.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "api/pack_loader.h"
#include "syntax/diagnostic.h"
#include "test_pack.h"

namespace rxr {
namespace {

using testing::load_rules;

constexpr std::string_view kHeader = "pack \"p\" version \"1\" import \"../common/request.rxr\"\nsource T \"t\"\n";

std::string rule_when(const std::string& condition) {
  return std::string(kHeader) + "rule T-1 \"t\" {\n  category regimen\n  severity block\n  when " +
         condition + "\n  message \"m\"\n  cite T\n}\n";
}

// A refused file: at least one diagnostic, each inside the file, and every
// rendering short enough to read.
void expect_located_errors(const api::LoadResult& result, const std::string& text) {
  ASSERT_FALSE(result.ok());
  ASSERT_FALSE(result.diagnostics.items().empty()) << result.io_error;
  const auto lines = static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n') + 1);
  for (const syntax::Diagnostic& d : result.diagnostics.items()) {
    EXPECT_GE(d.span.line, 1u);
    EXPECT_LE(d.span.line, lines);
    EXPECT_GE(d.span.column, 1u);
    const std::string rendered = syntax::render(d, result.sources);
    EXPECT_LT(rendered.size(), 1000u) << rendered.substr(0, 300);
  }
}

std::string first_message(const api::LoadResult& result) {
  return result.diagnostics.items().empty()
             ? std::string()
             : syntax::render(result.diagnostics.items()[0], result.sources);
}

// Random bytes are almost never UTF-8, so they stop at the encoding check.
TEST(HostileRules, RandomBytes) {
  std::mt19937 random(20261126);
  for (int i = 0; i < 300; ++i) {
    std::string text(random() % 2000, '\0');
    for (char& c : text) c = static_cast<char>(random());
    const api::LoadResult result = load_rules(text);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      continue;  // blank: nothing to refuse
    expect_located_errors(result, text);
  }
}

// Random sequences of the language's own words and symbols get past the
// encoding check into the lexer, parser and checker.
TEST(HostileRules, RandomTokens) {
  static constexpr std::string_view kTokens[] = {
      "pack", "version", "source", "rule", "category", "severity", "when", "message", "cite", "let",
      "const", "policy", "list", "table", "drug", "import", "and", "or", "not", "in", "is", "present",
      "missing", "otherwise", "any", "all", "count", "within", "%", "of", "x", "ULN", "mg", "mg/m2",
      "/mm3", "d", "{", "}", "(", ")", "[", "]", ",", ".", "<", "<=", ">=", "==", "+", "-", "*", "/",
      "\"", "\"text\"", "0.8", "10000", "1e999", "order.dose", "patient.bsa", "labs.anc", "T", "#",
      "\n", " ", "\t"};
  std::mt19937 random(20261127);
  int refused = 0;
  for (int i = 0; i < 500; ++i) {
    std::string text(kHeader);
    for (int n = static_cast<int>(random() % 120); n > 0; --n) {
      text += kTokens[random() % std::size(kTokens)];
      text += ' ';
    }
    const api::LoadResult result = load_rules(text);
    if (!result.ok()) {
      expect_located_errors(result, text);
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);  // all ASCII: every refusal came from the lexer, parser or checker
}

// The smallest shipped rule file that has rules: a real one, small enough
// to load at every length.
std::string smallest_shipped_rule_file() {
  std::string smallest;
  for (const auto& pack : std::filesystem::directory_iterator(RXR_SOURCE_DIR "/rules")) {
    if (!pack.is_directory()) continue;
    for (const auto& file : std::filesystem::directory_iterator(pack.path())) {
      if (file.path().extension() != ".rxr") continue;
      const std::string text = testing::read_file(file.path().string());
      if (text.find("\nrule ") != std::string::npos && (smallest.empty() || text.size() < smallest.size())) {
        smallest = text;
      }
    }
  }
  return smallest;
}

// Every prefix of a real rule file: loads, or says where it breaks off.
TEST(HostileRules, TruncatedAtEveryByte) {
  const std::string whole = std::string(kHeader) + smallest_shipped_rule_file();
  ASSERT_GT(whole.size(), kHeader.size());
  for (std::size_t length = kHeader.size(); length < whole.size(); ++length) {
    const std::string text = whole.substr(0, length);
    const api::LoadResult result = load_rules(text);
    if (!result.ok()) expect_located_errors(result, text);
  }
}

TEST(HostileRules, InvalidUtf8IsLocated) {
  const std::string text = std::string(kHeader) + "# caf\xe9 au lait\n";
  const api::LoadResult result = load_rules(text);
  expect_located_errors(result, text);
  EXPECT_NE(first_message(result).find("pack.rxr:3:6: error: byte 0xE9 is not valid UTF-8"),
            std::string::npos)
      << first_message(result);
}

TEST(HostileRules, NulAndControlBytes) {
  for (const std::string& text : {std::string(kHeader) + std::string("const X\0 = 1 mg\n", 16),
                                  std::string(kHeader) + "const X = 1 mg\x01\n",
                                  std::string(kHeader) + "rule T-1 \"a\x1b[2Jb\" {\n}\n",
                                  // U+009B, the one-character CSI of C1 controls
                                  std::string(kHeader) + "rule T-1 \"a\xC2\x9B" "2Jb\" {\n}\n"}) {
    const api::LoadResult result = load_rules(text);
    expect_located_errors(result, text);
    // Control bytes are not echoed back to the pharmacist's terminal.
    const std::string rendered = syntax::render_all(result.diagnostics, result.sources);
    EXPECT_EQ(rendered.find_first_of(std::string("\0\x01\x1b", 3)), std::string::npos) << rendered;
    EXPECT_EQ(rendered.find("\xC2\x9B"), std::string::npos) << rendered;
  }
}

TEST(HostileRules, DeepNesting) {
  const std::string text = rule_when(std::string(100000, '(') + "true" + std::string(100000, ')'));
  const api::LoadResult result = load_rules(text);
  expect_located_errors(result, text);
  EXPECT_NE(first_message(result).find("brackets are nested more than 64 deep"), std::string::npos);
}

TEST(HostileRules, EndlessOperatorChain) {
  std::string chain = "labs.anc > 1 /mm3";
  for (int i = 0; i < 20000; ++i)
    chain += " and labs.anc > 1 /mm3";  // 440 KB: under the size limit
  const std::string text = rule_when(chain);
  const api::LoadResult result = load_rules(text);
  expect_located_errors(result, text);
  EXPECT_NE(first_message(result).find("expression has more than 512 operators"),
            std::string::npos);
}

TEST(HostileRules, EnormousListLoadsWithinTheFileSizeLimit) {
  std::string text = std::string(kHeader) + "list big = [";
  for (int i = 0; i < 80000; ++i) text += (i ? ", \"d" : "\"d") + std::to_string(i) + "\"";
  text += "]\n";
  ASSERT_LT(text.size(), 1u << 20);
  EXPECT_TRUE(load_rules(text).ok());
}

TEST(HostileRules, FileOverTheSizeLimit) {
  std::string text = std::string(kHeader) + "list big = [";
  for (int i = 0; i < 150000; ++i) text += (i ? ", \"d" : "\"d") + std::to_string(i) + "\"";
  text += "]\n";
  const api::LoadResult result = load_rules(text);
  expect_located_errors(result, text);
  EXPECT_NE(first_message(result).find("the limit is 1048576"), std::string::npos);
}

// A Cyrillic 'а' (U+0430) looks like the Latin 'a' of labs.anc.
TEST(HostileRules, LookAlikeLettersAreNamed) {
  const std::string text = rule_when(
      "l\xd0\xb0"
      "bs.anc < 1 x10^9/L");
  const api::LoadResult result = load_rules(text);
  expect_located_errors(result, text);
  EXPECT_NE(first_message(result).find("U+0430, not an ASCII character"), std::string::npos)
      << first_message(result);
}

TEST(HostileRules, InvisibleCharactersAreNamed) {
  const std::string text = rule_when("labs.anc\xe2\x80\x8b < 1 x10^9/L");  // a zero-width space
  const api::LoadResult result = load_rules(text);
  expect_located_errors(result, text);
  EXPECT_NE(first_message(result).find("U+200B"), std::string::npos) << first_message(result);
}

// "Trojan Source": a right-to-left override inside a comment or a string can
// make a rule display differently from how it runs.
TEST(HostileRules, BidirectionalControlsAreRefused) {
  for (const std::string& text :
       {std::string(kHeader) + "# dose \xe2\x80\xae"
                               "detaerc\n",
        rule_when("labs.anc < 1 x10^9/L") + "const S = \"\xe2\x81\xa6x\"\n"}) {
    const api::LoadResult result = load_rules(text);
    expect_located_errors(result, text);
    EXPECT_NE(first_message(result).find("bidirectional control character"), std::string::npos)
        << first_message(result);
  }
}

// Non-ASCII text where it belongs, in strings and comments, is fine.
TEST(HostileRules, UnicodeInStringsAndCommentsLoads) {
  const api::LoadResult result = load_rules(std::string(kHeader) + "# Ärztliche Prüfung, µg\n" +
                                      rule_when("labs.anc < 1 x10^9/L").substr(kHeader.size()));
  EXPECT_TRUE(result.ok()) << syntax::render_all(result.diagnostics, result.sources);
}

TEST(HostileRules, ImportCyclesAndSelfImportsLoadOnce) {
  const std::string pack = "pack \"p\" version \"1\"\nimport \"pack.rxr\"\nimport \"b.rxr\"\n";
  const std::string b = "import \"pack.rxr\"\nconst B = 1 mg\n";
  const api::LoadResult result = api::load_pack_files(
      {"pack.rxr"}, api::read_from_memory([&](const std::string& name) -> std::optional<std::string_view> {
        if (name == "pack.rxr") return pack;
        if (name == "b.rxr") return b;
        return std::nullopt;
      }));
  EXPECT_TRUE(result.ok()) << syntax::render_all(result.diagnostics, result.sources);
  EXPECT_EQ(result.sources.size(), 2u);
}

}  // namespace
}  // namespace rxr
