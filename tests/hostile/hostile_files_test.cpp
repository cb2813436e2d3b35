// The second round of the hostile rule-file catalogue (docs/safety.md):
// deceptive strings, imports that reach outside the pack's catalogue or
// fan out through links, files that cannot be read or are huge, and packs
// deeper than the evaluator's stack. Each is refused with a located
// diagnostic or an I/O error naming the path, quickly; none loads silently.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "api/file_read.h"
#include "api/pack_loader.h"
#include "syntax/diagnostic.h"
#include "test_pack.h"

namespace rxr {
namespace {

namespace fs = std::filesystem;
using testing::load_rules;

constexpr std::string_view kHeader = "pack \"p\" version \"1\"\nsource T \"t\"\n";

std::string rendered(const api::LoadResult& result) {
  return syntax::render_all(result.diagnostics, result.sources) + result.io_error;
}

// A folder of its own under the build tree, emptied for each test.
class HostileFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rxr-hostile-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "pack");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const fs::path& name, const std::string& text) const {
    std::ofstream(root_ / name, std::ios::binary) << text;
  }
  api::LoadResult load() const { return api::load_pack((root_ / "pack").string()); }

  fs::path root_;
};

// Strings pasted from a web page: an invisible character in a drug list
// would never match, so it is an error at the string; a no-break space is
// only a space, and the entry matches.
TEST(HostileRuleText, InvisibleCharactersInNamesAreLocated) {
  for (const char* hidden : {"\u200b", "\u00ad", "\ufeff", "\u2060"}) {
    const std::string text = std::string(kHeader) + "list l = [\"acyclovir\", \"ondan" + hidden + "setron\"]\n";
    const api::LoadResult result = load_rules(text);
    ASSERT_FALSE(result.ok()) << hidden;
    ASSERT_EQ(result.diagnostics.items().size(), 1u) << rendered(result);
    const syntax::Diagnostic& d = result.diagnostics.items()[0];
    EXPECT_EQ(d.span.line, 3u);
    EXPECT_EQ(d.span.column, 24u);
    EXPECT_NE(d.message.find("invisible character"), std::string::npos) << d.message;
  }
}

TEST(HostileRuleText, LookAlikeLettersInNamesAreLocated) {
  const std::string text = std::string(kHeader) + "list l = [\"\u043endansetron\"]\n";
  const api::LoadResult result = load_rules(text);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(rendered(result).find("pack.rxr:3:11: error: this name is refused: it mixes letters of different scripts"),
            std::string::npos)
      << rendered(result);
}

TEST(HostileRuleText, ANoBreakSpaceInANameIsASpace) {
  const auto engine = testing::engine_for(
      "list qt = [\"arsenic\u00a0trioxide\"]\n"
      "rule Q-1 \"listed\" {\n  category interaction\n  severity warn\n"
      "  when any(m in medications where m.drug in qt)\n  message \"m\"\n  cite T\n}\n");
  EXPECT_EQ(testing::summary(engine, R"({"medications": [{"drug": "Arsenic Trioxide"}]})"), "warn Q-1:warn");
}

// A chain of lets thousands deep used to pass `check` and overflow the
// stack in `verify`: it is refused at load, where it is.
TEST(HostileRuleText, ALetChainThousandsDeepIsRefused) {
  std::string text = std::string(kHeader) + "let l0 = order.dose\n";
  for (int i = 1; i <= 3000; ++i) text += "let l" + std::to_string(i) + " = l" + std::to_string(i - 1) + " + 1 mg\n";
  text += "rule D-1 \"deep\" {\n  category regimen\n  severity block\n  when l3000 > 0 mg\n  message \"m\"\n  cite T\n}\n";
  const api::LoadResult result = load_rules(text);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(rendered(result).find("operations deep, counting the lets and tables it uses"), std::string::npos)
      << rendered(result).substr(0, 500);
}

// A ninth column used to be ignored silently.
TEST(HostileRuleText, ATableOverTheColumnLimitIsRefused) {
  const api::LoadResult result = load_rules(std::string(kHeader) +
                                            "table t(a, b, c, d, e, f, g, h, i) -> mg {\n  1, 1, 1, 1, 1, 1, 1, 1, 1 -> 1\n}\n");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(rendered(result).find("pack.rxr:3:33: error: table t has 9 columns; the limit is 8"), std::string::npos)
      << rendered(result);
}

// A request object's keys are matched by a 64-bit "seen" mask: a 65th
// member, at the top level or in a group, is refused where it is declared.
TEST(HostileRuleText, MoreThan64MembersAreRefused) {
  for (const std::string prefix : {"x", "order.x"}) {
    std::string text = std::string(kHeader);
    for (int i = 0; i < 70; ++i) text += "field " + prefix + std::to_string(i) + " \"f\": bool\n";
    const api::LoadResult result = load_rules(text);
    ASSERT_FALSE(result.ok()) << prefix;
    EXPECT_NE(rendered(result).find("more than 64"), std::string::npos) << rendered(result);
    EXPECT_NE(rendered(result).find("pack.rxr:"), std::string::npos) << rendered(result);
  }
}

// Imports reach the pack's folder and the folders beside it, only .rxr
// files, never above: and what they would have read is never shown.
TEST_F(HostileFiles, ImportsOutsideTheCatalogueAreRefused) {
  write("pack/pack.rxr", std::string(kHeader) +
                             "import \"../../../../../../../../etc/passwd\"\n"
                             "import \"/etc/passwd\"\n"
                             "import \"../../outside.rxr\"\n"
                             "import \"notes.txt\"\n");
  const api::LoadResult result = load();
  ASSERT_FALSE(result.ok());
  const std::string text = rendered(result);
  EXPECT_EQ(result.diagnostics.items().size(), 4u) << text;
  EXPECT_NE(text.find("pack.rxr:3:8: error: the import reaches outside the folder of rule packs"), std::string::npos)
      << text;
  EXPECT_NE(text.find("pack.rxr:4:8: error: an import is a path relative to the importing file"), std::string::npos);
  EXPECT_NE(text.find("pack.rxr:5:8: error: the import reaches outside"), std::string::npos);
  EXPECT_NE(text.find("pack.rxr:6:8: error: only .rxr rule files can be imported"), std::string::npos);
  EXPECT_EQ(text.find("root:"), std::string::npos) << text;
}

// A link inside the catalogue that leads out of it is refused too.
TEST_F(HostileFiles, LinksOutOfTheCatalogueAreRefused) {
  fs::create_symlink("/etc/passwd", root_ / "pack" / "evil.rxr");
  write("pack/pack.rxr", std::string(kHeader) + "import \"evil.rxr\"\n");
  const api::LoadResult result = load();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(rendered(result).find("leads outside the folder of rule packs"), std::string::npos) << rendered(result);
  EXPECT_EQ(rendered(result).find("root:"), std::string::npos);
}

// Three links to '.' used to make imports fan out exponentially (3^16
// names): each file now loads once, by where it really is.
TEST_F(HostileFiles, LinksToTheSameFolderLoadEachFileOnce) {
  for (const char* link : {"a", "b", "c"}) fs::create_directory_symlink(".", root_ / "pack" / link);
  const std::string imports = "import \"a/x.rxr\"\nimport \"b/x.rxr\"\nimport \"c/x.rxr\"\n";
  write("pack/pack.rxr", std::string(kHeader) + imports);
  write("pack/x.rxr", imports + "const X = 1 mg\n");
  const auto start = std::chrono::steady_clock::now();
  const api::LoadResult result = load();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(result.ok()) << rendered(result);
  EXPECT_EQ(result.sources.size(), 2u);
  EXPECT_LT(seconds, 2.0);
}

// A 10 GB sparse file is refused by its size, without reading it.
TEST_F(HostileFiles, AHugeRuleFileIsRefusedUnread) {
  write("pack/pack.rxr", std::string(kHeader));
  fs::resize_file(root_ / "pack" / "pack.rxr", 10ull << 30);
  const auto start = std::chrono::steady_clock::now();
  const api::LoadResult result = load();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(rendered(result).find("pack.rxr:1:1: error: rule file 'pack.rxr' is 10737418240 bytes, larger than the limit"),
            std::string::npos)
      << rendered(result);
  EXPECT_LT(seconds, 1.0);
}

// A file that opens but fails while it is read (an I/O error) used to load
// as an empty file; every failure is an error with the path.
TEST(HostileFileReads, AnIoErrorWhileReadingIsAnError) {
  std::string text;
  const api::FileRead read = api::read_file_bounded("/proc/self/mem", 1 << 20, text, "rule file");
  EXPECT_EQ(read.status, api::ReadStatus::kError);
  EXPECT_NE(read.error.find("cannot read rule file '/proc/self/mem': Input/output error"), std::string::npos)
      << read.error;
  EXPECT_TRUE(text.empty());
}

TEST(HostileFileReads, AFailedReadOfAnImportIsLocated) {
  const std::string pack = std::string(kHeader) + "import \"qt.rxr\"\n";
  const api::LoadResult result = api::load_pack_files(
      {"pack.rxr"}, [&pack](const std::string& name, std::size_t, std::string& text, std::string& identity) {
        identity = name;
        if (name != "pack.rxr") return api::FileRead{api::ReadStatus::kError, "cannot read rule file 'qt.rxr': Input/output error"};
        text = pack;
        return api::FileRead{};
      });
  ASSERT_FALSE(result.ok());
  EXPECT_NE(rendered(result).find("pack.rxr:3:8: error: cannot read rule file 'qt.rxr': Input/output error"),
            std::string::npos)
      << rendered(result);
}

TEST(HostileFileReads, AStreamIsReadOnlyUpToTheLimit) {
  std::string text;
  const api::FileRead read = api::read_file_bounded("/dev/zero", 1000, text, "request");
  EXPECT_EQ(read.status, api::ReadStatus::kTooLarge);
  EXPECT_EQ(read.error, "request '/dev/zero' is larger than the limit of 1000 bytes");
  const api::FileRead empty = api::read_file_bounded("/dev/null", 1000, text, "request");
  EXPECT_TRUE(empty.ok());
  EXPECT_TRUE(text.empty());
  const api::FileRead folder = api::read_file_bounded("/tmp", 1000, text, "request");
  EXPECT_EQ(folder.status, api::ReadStatus::kNotAFile);
}

}  // namespace
}  // namespace rxr
