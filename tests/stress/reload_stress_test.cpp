// Eight threads verify while a ninth reloads the pack 1,000 times, between
// two versions that differ in one message. Every response must be wholly one
// version: the fingerprint it carries names the version its message is from.
// Run under TSan and ASan/LSan by scripts/test.sh (docs/safety.md).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rxrules/rxrules.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kVerifiers = 8;
constexpr int kReloads = 1000;
// Verifiers pause between calls for this many times as long as a call took,
// as a busy host's threads do between orders: eight threads spinning on a
// small machine (slower still under a sanitizer) would starve the reloads.
constexpr int kPauseFactor = 20;
// Version B's cytoreduction message carries this mark; version A's does not.
constexpr std::string_view kVersionBMark = "[stress version B]";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A copy of the shipped pack (and the common files it imports) under `root`;
// version B marks the message of the rule the request makes fire.
fs::path copy_pack(const fs::path& root, bool version_b) {
  const fs::path rules = fs::path(RXR_SOURCE_DIR) / "rules";
  fs::create_directories(root);
  fs::copy(rules / "common", root / "common", fs::copy_options::recursive);
  fs::copy(rules / "inotuzumab_ozogamicin", root / "inotuzumab_ozogamicin",
           fs::copy_options::recursive);
  if (version_b) {
    const fs::path file = root / "inotuzumab_ozogamicin" / "cytoreduction.rxr";
    std::string text = read(file);
    const std::string original = "cytoreduce first (";
    const std::size_t at = text.find(original);
    if (at == std::string::npos)
      throw std::runtime_error("cytoreduction message changed: update this test");
    text.insert(at, std::string(kVersionBMark) + " ");
    write(file, text);
  }
  return root / "inotuzumab_ozogamicin";
}

std::string fingerprint_of(const std::string& response) {
  static constexpr std::string_view kKey = "\"fingerprint\":\"";
  const std::size_t start = response.find(kKey);
  if (start == std::string::npos) return {};
  const std::size_t from = start + kKey.size();
  return response.substr(from, response.find('"', from) - from);
}

class ReloadStress : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("rxr-stress-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    pack_a_ = copy_pack(work_ / "a", false);
    pack_b_ = copy_pack(work_ / "b", true);
    request_ = read(fs::path(RXR_SOURCE_DIR) / "examples" / "cytoreduction-needed.json");
  }
  void TearDown() override { fs::remove_all(work_); }

  fs::path work_, pack_a_, pack_b_;
  std::string request_;
};

TEST_F(ReloadStress, EveryResponseIsWhollyOneVersion) {
  const rxrules::Plugin plugin(RXR_GENERIC_PLUGIN);
  const rxrules::Engine engine = plugin.open(pack_b_.string());
  const std::string fingerprint_b = engine.fingerprint();
  engine.reload(pack_a_.string());
  const std::string fingerprint_a = engine.fingerprint();
  ASSERT_NE(fingerprint_a, fingerprint_b);

  std::atomic<bool> reloading{true};
  std::atomic<long> answered_a{0}, answered_b{0}, torn{0}, failed{0};
  std::vector<std::thread> verifiers;
  for (int i = 0; i < kVerifiers; ++i) {
    verifiers.emplace_back([&] {
      while (reloading.load(std::memory_order_relaxed)) {
        const auto start = std::chrono::steady_clock::now();
        try {
          const std::string json = engine.verify(request_).json();
          const std::string fingerprint = fingerprint_of(json);
          const bool marked = json.find(kVersionBMark) != std::string::npos;
          if (fingerprint == fingerprint_a && !marked) {
            ++answered_a;
          } else if (fingerprint == fingerprint_b && marked) {
            ++answered_b;
          } else {
            ++torn;
          }
        } catch (const rxrules::Error&) {
          ++failed;
        }
        std::this_thread::sleep_for((std::chrono::steady_clock::now() - start) * kPauseFactor);
      }
    });
  }

  int reload_failures = 0;
  for (int i = 0; i < kReloads; ++i) {
    try {
      engine.reload((i % 2 == 0 ? pack_b_ : pack_a_).string());
    } catch (const rxrules::Error&) {
      ++reload_failures;
    }
  }
  reloading = false;
  for (std::thread& verifier : verifiers) verifier.join();

  std::printf("%ld responses from version A, %ld from version B, over %d reloads\n", answered_a.load(),
              answered_b.load(), kReloads);
  EXPECT_EQ(reload_failures, 0);
  EXPECT_EQ(torn.load(), 0) << "responses mixing the two versions";
  EXPECT_EQ(failed.load(), 0);
  // Both versions were in force while the verifiers ran.
  EXPECT_GT(answered_a.load(), 0);
  EXPECT_GT(answered_b.load(), 0);
  // The last reload (i = 999) installed version A.
  EXPECT_EQ(engine.fingerprint(), fingerprint_a);
}

}  // namespace
