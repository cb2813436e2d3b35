// The C++ SDK over the built plugins.
#include "rxrules/rxrules.hpp"

#include <exception>
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

// The loader's own reason, as an rxrules::Error: never a Boost exception.
std::string load_error(const std::string& path) {
  try {
    rxrules::Plugin plugin(path);
  } catch (const rxrules::Error& e) {
    EXPECT_EQ(e.status(), RXR_INVALID_ARGUMENT);
    return e.what();
  }
  ADD_FAILURE() << path << " loaded as a plugin";
  return {};
}

TEST(Sdk, APluginThatDoesNotLoadSaysWhy) {
  EXPECT_NE(load_error("/nonexistent/librxrules.so").find("/nonexistent/librxrules.so: no such file"),
            std::string::npos);
  EXPECT_NE(load_error(RXR_SOURCE_DIR "/README.md").find("invalid ELF header"), std::string::npos)
      << load_error(RXR_SOURCE_DIR "/README.md");
  EXPECT_NE(load_error(RXR_SOURCE_DIR).find("is a directory"), std::string::npos);
  // A shared library that is not a plugin: the C++ standard library.
  Dl_info standard_library{};
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&std::terminate), &standard_library), 0);
  const std::string not_a_plugin = load_error(standard_library.dli_fname);
  EXPECT_NE(not_a_plugin.find("not an rxrules plugin"), std::string::npos) << not_a_plugin;
  EXPECT_NE(not_a_plugin.find("rxr_abi_version"), std::string::npos) << not_a_plugin;
}

TEST(Sdk, AMovedFromEngineThrowsInsteadOfCrashing) {
  rxrules::Engine engine = rxrules::Plugin(RXR_PACK_PLUGIN).open_embedded();
  const rxrules::Engine moved = std::move(engine);
  const std::string request = read(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  EXPECT_THROW(engine.verify(request), rxrules::Error);  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_THROW(engine.verify(request, {true, false}), rxrules::Error);
  EXPECT_THROW(engine.fingerprint(), rxrules::Error);
  EXPECT_THROW(engine.info(), rxrules::Error);
  EXPECT_THROW(engine.reload_embedded(), rxrules::Error);
  EXPECT_THROW(engine.reload_pinned(kPack, moved.fingerprint()), rxrules::Error);
  try {
    engine.fingerprint();
  } catch (const rxrules::Error& e) {
    EXPECT_NE(std::string(e.what()).find("moved from"), std::string::npos) << e.what();
  }
  EXPECT_EQ(moved.verify(request).verdict(), "pass");
}

TEST(Sdk, InfoNamesTheCatalogueAndItsPacks) {
  const rxrules::Engine engine = rxrules::Plugin(RXR_PACK_PLUGIN).open_embedded();
  const std::string info = engine.info();
  EXPECT_EQ(info.rfind("{\"abi\":1,", 0), 0u) << info;
  EXPECT_NE(info.find("\"engine\":\"" RXR_VERSION "\""), std::string::npos) << info;
  EXPECT_NE(info.find("\"fingerprint\":\"" + engine.fingerprint() + "\""), std::string::npos) << info;
  EXPECT_NE(info.find("\"name\":\"inotuzumab-ozogamicin\""), std::string::npos) << info;
}

TEST(Sdk, AResponseNamesTheRulesThatAnsweredIt) {
  const rxrules::Engine engine = rxrules::Plugin(RXR_PACK_PLUGIN).open_embedded();
  const rxrules::Response response = engine.verify(read(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json"));
  // The pack's fingerprint, as listed among the engine's packs.
  EXPECT_EQ(response.fingerprint().rfind("sha256:", 0), 0u) << response.fingerprint();
  EXPECT_NE(engine.info().find("\"fingerprint\":\"" + response.fingerprint() + "\""), std::string::npos);
  // An order no pack covers is answered by the catalogue.
  const rxrules::Response uncovered = engine.verify(R"({"id":"x","order":{"drug":"aspirin"}})");
  EXPECT_EQ(uncovered.verdict(), "warn");
  EXPECT_EQ(uncovered.fingerprint(), engine.fingerprint());
}

TEST(Sdk, OptionsAskForTheExplanationOrTheTextReport) {
  const rxrules::Engine engine = rxrules::Plugin(RXR_PACK_PLUGIN).open_embedded();
  const std::string request = read(RXR_SOURCE_DIR "/examples/cytoreduction-needed.json");
  const rxrules::Response plain = engine.verify(request, {});
  EXPECT_EQ(plain.body(), engine.verify(request).body());
  EXPECT_EQ(plain.body().find("\"explain\""), std::string::npos);
  const rxrules::Response explained = engine.verify(request, {true, false});
  EXPECT_NE(explained.body().find("\"explain\""), std::string::npos);
  EXPECT_EQ(explained.verdict(), "block");
  const rxrules::Response text = engine.verify(request, {false, true});
  EXPECT_TRUE(text.is_text());
  EXPECT_EQ(text.verdict(), "");
  EXPECT_EQ(text.fingerprint(), "");
  EXPECT_NE(text.body().find("block"), std::string::npos) << text.body();
  EXPECT_EQ(text.body().find('{'), std::string::npos) << text.body();
}

TEST(Sdk, APinnedEngineRefusesOtherRulesOnReload) {
  const rxrules::Plugin plugin(RXR_GENERIC_PLUGIN);
  const rxrules::Engine engine = plugin.open(kPack);
  const std::string pin = engine.fingerprint();
  const rxrules::Engine pinned = plugin.open_pinned(kPack, pin);
  EXPECT_NO_THROW(pinned.reload(kPack));
  try {
    pinned.reload(RXR_SOURCE_DIR "/rules/inotuzumab_ozogamicin");
    FAIL() << "a pinned engine took other rules";
  } catch (const rxrules::Error& e) {
    EXPECT_EQ(e.status(), RXR_FINGERPRINT_MISMATCH) << e.what();
  }
  EXPECT_EQ(pinned.fingerprint(), pin);
  try {
    pinned.reload_pinned(kPack, "sha256:00");
    FAIL() << "a malformed pin was taken";
  } catch (const rxrules::Error& e) {
    EXPECT_EQ(e.status(), RXR_INVALID_ARGUMENT) << e.what();
  }
}

}  // namespace
