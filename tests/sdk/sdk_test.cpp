// The C++ SDK over the built plugins.
#include "rxrules/rxrules.hpp"

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kPack = RXR_SOURCE_DIR "/rules";  // the shipped catalogue

TEST(Sdk, EmbeddedPackVerifiesTheExamples) {
  const rxrules::Plugin plugin(RXR_PACK_PLUGIN);
  const rxrules::Engine engine = plugin.open_embedded();
  EXPECT_EQ(engine.verify(read(RXR_SOURCE_DIR "/examples/cytoreduction-needed.json")).verdict(), "block");
  EXPECT_EQ(engine.verify(read(RXR_SOURCE_DIR "/examples/qt-interaction.json")).verdict(), "warn");
  EXPECT_EQ(plugin.version(), RXR_VERSION);
}

TEST(Sdk, EmbeddedAndOnDiskRulesHaveOneFingerprint) {
  const rxrules::Engine embedded = rxrules::Plugin(RXR_PACK_PLUGIN).open_embedded();
  const rxrules::Engine on_disk = rxrules::Plugin(RXR_GENERIC_PLUGIN).open(kPack);
  EXPECT_EQ(embedded.fingerprint(), on_disk.fingerprint());
  EXPECT_NO_THROW(rxrules::Plugin(RXR_GENERIC_PLUGIN).open_pinned(kPack, on_disk.fingerprint()));
}

TEST(Sdk, StatusesBecomeErrorsWithTheirMessage) {
  const rxrules::Plugin plugin(RXR_GENERIC_PLUGIN);
  try {
    plugin.open_pinned(kPack, "sha256:00");
    FAIL() << "a wrong pin must throw";
  } catch (const rxrules::Error& e) {
    EXPECT_EQ(e.status(), RXR_FINGERPRINT_MISMATCH);
    EXPECT_NE(std::string(e.what()).find("is not the pinned sha256:00"), std::string::npos) << e.what();
  }
  try {
    plugin.open_embedded();
    FAIL() << "the generic plugin has no embedded pack";
  } catch (const rxrules::Error& e) {
    EXPECT_EQ(e.status(), RXR_INVALID_ARGUMENT);
  }
  const rxrules::Engine engine = plugin.open(kPack);
  try {
    engine.verify("{\"truncated\": ");
    FAIL() << "a truncated request must throw";
  } catch (const rxrules::Error& e) {
    EXPECT_EQ(e.status(), RXR_REQUEST_ERROR);
    EXPECT_NE(std::string(e.what()).find("RXR_REQUEST_ERROR: {\"error\":"), std::string::npos) << e.what();
  }
}

TEST(Sdk, AFailedReloadKeepsTheRules) {
  const rxrules::Engine engine = rxrules::Plugin(RXR_GENERIC_PLUGIN).open(kPack);
  const std::string before = engine.fingerprint();
  EXPECT_THROW(engine.reload("/nonexistent"), rxrules::Error);
  EXPECT_EQ(engine.fingerprint(), before);
  EXPECT_EQ(engine.verify(read(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json")).verdict(), "pass");
}

TEST(Sdk, EnginesMoveAndVerifyFromManyThreads) {
  rxrules::Engine engine = rxrules::Plugin(RXR_PACK_PLUGIN).open_embedded();
  rxrules::Engine moved = std::move(engine);
  const std::string request = read(RXR_SOURCE_DIR "/examples/cytoreduction-needed.json");
  std::vector<std::thread> threads;
  std::vector<int> blocks(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) blocks[t] += moved.verify(request).verdict() == "block";
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : blocks) EXPECT_EQ(count, 200);
}

TEST(Sdk, NotAPluginIsRefused) {
  EXPECT_ANY_THROW(rxrules::Plugin("/nonexistent/librxrules.so"));
}

}  // namespace
