// Eight threads verify while a ninth reloads the catalogue 500 times, between
// two versions that differ in one message, and two more read the engine's
// fingerprint and info all the while. Every response must be wholly one
// version: the fingerprint it carries names the version its message is from.
// A pinned engine, reloaded 200 times, must refuse the other version each time.
// Run under TSan and ASan/LSan by scripts/test.sh (docs/safety.md).
#include <gtest/gtest.h>

#include <algorithm>
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
// Each reload loads the whole catalogue (three packs): 500 keep the TSan pass
// within its time while still swapping the rules under every kind of call.
constexpr int kReloads = 500;
// The pinned engine's reloads are mostly refusals, each still a full load:
// fewer suffice to show that none lets other rules in (and keep the ASan run short).
constexpr int kPinnedReloads = 200;
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

// Threads that read the fingerprint and the info while the rules change
// under them (c-abi.md 1.1: both are safe during reloads). Each read must be
// one of the fingerprints the engine may have.
class FingerprintReaders {
 public:
  FingerprintReaders(const rxrules::Engine& engine, std::vector<std::string> expected)
      : engine_(engine), expected_(std::move(expected)) {
    for (int i = 0; i < 2; ++i) {
      threads_.emplace_back([this, i] {
        while (running_.load(std::memory_order_relaxed)) {
          const std::string read = i == 0 ? engine_.fingerprint() : engine_.info();
          const bool known = std::any_of(expected_.begin(), expected_.end(),
                                         [&](const std::string& f) { return read.find(f) != std::string::npos; });
          ++(known ? reads_ : unknown_);
          // A pause, as a host's logging does: spinning readers would starve
          // the reloads on a small machine (and under TSan, for minutes).
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
      });
    }
  }
  // Stops the readers; returns how many reads named no expected fingerprint.
  long stop() {
    running_ = false;
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    return unknown_.load();
  }
  long reads() const { return reads_.load(); }
  ~FingerprintReaders() { stop(); }

 private:
  const rxrules::Engine& engine_;
  std::vector<std::string> expected_;
  std::atomic<bool> running_{true};
  std::atomic<long> reads_{0}, unknown_{0};
  std::vector<std::thread> threads_;
};

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
  FingerprintReaders readers(engine, {catalogue_a, catalogue_b});
  std::vector<std::thread> verifiers;
  for (int i = 0; i < kVerifiers; ++i) {
    verifiers.emplace_back([&, i] {
      while (reloading.load(std::memory_order_relaxed)) {
        const auto start = std::chrono::steady_clock::now();
        try {
          const rxrules::Response response = engine.verify(request_);
          Seen& counts = seen[static_cast<std::size_t>(i)][response.fingerprint()];
          ++(response.body().find(kVersionBMark) != std::string::npos ? counts.marked : counts.unmarked);
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
  EXPECT_EQ(readers.stop(), 0) << "a fingerprint or info read named rules the engine never had";
  EXPECT_GT(readers.reads(), 0);

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
  // The last reload (i = kReloads - 1, odd) installed version A.
  EXPECT_EQ(engine.fingerprint(), catalogue_a);
}

TEST_F(ReloadStress, APinnedEngineRefusesTheOtherVersionOnEveryReload) {
  const rxrules::Plugin plugin(RXR_GENERIC_PLUGIN);
  const std::string catalogue_b = plugin.open(pack_b_.string()).fingerprint();
  const rxrules::Engine engine = plugin.open(pack_a_.string());
  const std::string catalogue_a = engine.fingerprint();
  engine.reload_pinned(pack_a_.string(), catalogue_a);  // pins an engine opened unpinned

  FingerprintReaders readers(engine, {catalogue_a});
  int accepted = 0, refused = 0;
  for (int i = 0; i < kPinnedReloads; ++i) {
    try {
      engine.reload((i % 2 == 0 ? pack_b_ : pack_a_).string());
      ++accepted;
    } catch (const rxrules::Error& e) {
      EXPECT_EQ(e.status(), RXR_FINGERPRINT_MISMATCH) << e.what();
      ++refused;
    }
  }
  EXPECT_EQ(readers.stop(), 0) << "a pinned engine was seen with other rules";
  EXPECT_EQ(accepted, kPinnedReloads / 2);
  EXPECT_EQ(refused, kPinnedReloads / 2);
  // Moving the pin to version B lets B in, and from then on refuses A.
  engine.reload_pinned(pack_b_.string(), catalogue_b);
  EXPECT_EQ(engine.fingerprint(), catalogue_b);
  EXPECT_THROW(engine.reload(pack_a_.string()), rxrules::Error);
  EXPECT_NE(engine.verify(request_).body().find(kVersionBMark), std::string::npos);
}

}  // namespace
