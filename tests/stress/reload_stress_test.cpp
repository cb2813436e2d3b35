// Eight threads verify while a ninth reloads the pack 1,000 times, between
// two versions that differ in one message. Every response must be wholly one
// version: the fingerprint it carries names the version its message is from.
// Run under TSan and ASan/LSan by scripts/test.sh (docs/safety.md).
#include <gtest/gtest.h>

#include <atomic>
#include <map>
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

// A copy of the shipped catalogue under `root`; in version B every rule's
// message starts with a mark, so a response shows which version wrote it.
fs::path copy_catalogue(const fs::path& root, bool version_b) {
  fs::create_directories(root);
  fs::copy(fs::path(RXR_SOURCE_DIR) / "rules", root, fs::copy_options::recursive);
  if (!version_b) return root;
  int marked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".rxr") continue;
    std::string text = read(entry.path());
    const std::string message = "  message \"";
    for (std::size_t at = text.find(message); at != std::string::npos; at = text.find(message, at + 1)) {
      text.insert(at + message.size(), std::string(kVersionBMark) + " ");
      ++marked;
    }
    write(entry.path(), text);
  }
  if (marked == 0) throw std::runtime_error("no rule message found to mark: update this test");
  return root;
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
    pack_a_ = copy_catalogue(work_ / "a", false);
    pack_b_ = copy_catalogue(work_ / "b", true);
    request_ = read(fs::path(RXR_SOURCE_DIR) / "examples" / "cytoreduction-needed.json");
  }
  void TearDown() override { fs::remove_all(work_); }

  fs::path work_, pack_a_, pack_b_;
  std::string request_;
};

// How often each fingerprint came with version B's mark, and without it.
struct Seen {
  long marked = 0;
  long unmarked = 0;
};

TEST_F(ReloadStress, EveryResponseIsWhollyOneVersion) {
  const rxrules::Plugin plugin(RXR_GENERIC_PLUGIN);
  const rxrules::Engine engine = plugin.open(pack_b_.string());
  const std::string catalogue_b = engine.fingerprint();
  engine.reload(pack_a_.string());
  const std::string catalogue_a = engine.fingerprint();
  ASSERT_NE(catalogue_a, catalogue_b);

  // Each response names the fingerprint of the pack that answered it: one
  // version's pack must always answer with its own messages.
  std::atomic<bool> reloading{true};
  std::atomic<long> failed{0};
  std::vector<std::map<std::string, Seen>> seen(kVerifiers);
  std::vector<std::thread> verifiers;
  for (int i = 0; i < kVerifiers; ++i) {
    verifiers.emplace_back([&, i] {
      while (reloading.load(std::memory_order_relaxed)) {
        const auto start = std::chrono::steady_clock::now();
        try {
          const std::string json = engine.verify(request_).json();
          Seen& counts = seen[static_cast<std::size_t>(i)][fingerprint_of(json)];
          ++(json.find(kVersionBMark) != std::string::npos ? counts.marked : counts.unmarked);
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

  std::map<std::string, Seen> all;
  for (const auto& thread_seen : seen) {
    for (const auto& [fingerprint, counts] : thread_seen) {
      all[fingerprint].marked += counts.marked;
      all[fingerprint].unmarked += counts.unmarked;
    }
  }
  EXPECT_EQ(reload_failures, 0);
  EXPECT_EQ(failed.load(), 0);
  // Two versions, each wholly itself: one fingerprint only ever with the
  // mark, the other only ever without it; both were in force.
  ASSERT_EQ(all.size(), 2u);
  long answered_a = 0, answered_b = 0;
  for (const auto& [fingerprint, counts] : all) {
    EXPECT_TRUE(counts.marked == 0 || counts.unmarked == 0) << fingerprint << ": responses mixing the two versions";
    answered_a += counts.unmarked;
    answered_b += counts.marked;
  }
  std::printf("%ld responses from version A, %ld from version B, over %d reloads\n", answered_a, answered_b,
              kReloads);
  EXPECT_GT(answered_a, 0);
  EXPECT_GT(answered_b, 0);
  // The last reload (i = 999) installed version A.
  EXPECT_EQ(engine.fingerprint(), catalogue_a);
}

}  // namespace
