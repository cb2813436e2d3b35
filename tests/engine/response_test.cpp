// The response contract, byte for byte, on the shipped example.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "test_pack.h"

namespace rxr {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

api::Engine shipped_engine() {
  api::LoadResult loaded = api::load_pack(RXR_SOURCE_DIR "/rules/inotuzumab_ozogamicin");
  EXPECT_TRUE(loaded.ok()) << syntax::render_all(loaded.diagnostics, loaded.sources);
  return api::Engine(std::move(loaded.rules));
}

// Every example order has its expected response in tests/golden/<name>.response.json.
TEST(Response, ExampleOrdersMatchTheirGoldenResponses) {
  const api::Engine engine = shipped_engine();
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RXR_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".json") continue;
    const std::string golden =
        RXR_SOURCE_DIR "/tests/golden/" + entry.path().stem().string() + ".response.json";
    ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
    EXPECT_EQ(testing::verify(engine, read(entry.path().string())) + "\n", read(golden)) << entry.path();
    ++compared;
  }
  EXPECT_GE(compared, 4);
}

TEST(Response, SameRequestSameBytes) {
  const api::Engine engine = shipped_engine();
  const std::string request = read(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  EXPECT_EQ(testing::verify(engine, request), testing::verify(engine, request));
}

TEST(Response, ExplainShowsEachSubConditionWithItsOperands) {
  const api::Engine engine = shipped_engine();
  std::string out;
  ASSERT_EQ(engine.verify(read(RXR_SOURCE_DIR "/examples/cytoreduction-needed.json"), {true, true}, out),
            api::VerifyStatus::kOk);
  EXPECT_NE(out.find("INO-CYTO-001 true\n"), std::string::npos) << out;
  EXPECT_NE(out.find("labs.circulating_blasts > MAX_BLASTS_BEFORE_FIRST_DOSE  =>  true"), std::string::npos) << out;
  EXPECT_NE(out.find("labs.circulating_blasts  =>  12000 /mm3"), std::string::npos) << out;
  EXPECT_NE(out.find("first_dose  =>  true"), std::string::npos) << out;
}

TEST(Response, NotAnObjectIsARequestError) {
  const api::Engine engine = shipped_engine();
  for (const char* bad : {"", "[1,2]", "{\"id\": ", "42", "not json"}) {
    std::string out;
    EXPECT_EQ(engine.verify(bad, {}, out), api::VerifyStatus::kRequestError) << bad;
    EXPECT_FALSE(out.empty());
  }
}

}  // namespace
}  // namespace rxr
