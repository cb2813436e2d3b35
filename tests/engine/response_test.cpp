// The response contract, byte for byte, on the shipped example.
#include <filesystem>

#include <gtest/gtest.h>

#include "test_pack.h"

namespace rxr {
namespace {

api::Engine shipped_engine() { return api::Engine(testing::shipped_catalogue()); }

// Every example order has its expected response in tests/golden/<name>.response.json.
TEST(Response, ExampleOrdersMatchTheirGoldenResponses) {
  const api::Engine engine = shipped_engine();
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RXR_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".json") continue;
    const std::string golden =
        RXR_SOURCE_DIR "/tests/golden/" + entry.path().stem().string() + ".response.json";
    ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
    EXPECT_EQ(testing::verify(engine, testing::read_file(entry.path().string())) + "\n", testing::read_file(golden)) << entry.path();
    ++compared;
  }
  EXPECT_GE(compared, 8);  // four orders of each shipped drug
}

TEST(Response, SameRequestSameBytes) {
  const api::Engine engine = shipped_engine();
  const std::string request = testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  EXPECT_EQ(testing::verify(engine, request), testing::verify(engine, request));
}

TEST(Response, ExplainShowsEachSubConditionWithItsOperands) {
  const api::Engine engine = shipped_engine();
  std::string out;
  ASSERT_EQ(engine.verify(testing::read_file(RXR_SOURCE_DIR "/examples/cytoreduction-needed.json"), {true, true, {}}, out),
            api::VerifyStatus::kOk);
  EXPECT_NE(out.find("INO-CYTO-001 true\n"), std::string::npos) << out;
  EXPECT_NE(out.find("labs.circulating_blasts > MAX_BLASTS_BEFORE_FIRST_DOSE  =>  true"), std::string::npos) << out;
  EXPECT_NE(out.find("labs.circulating_blasts  =>  12000 /mm3"), std::string::npos) << out;
  EXPECT_NE(out.find("first_dose  =>  true"), std::string::npos) << out;
}

// The same patient and order written in other units: the response is the
// same, byte for byte (values are compared and shown in base units).
TEST(Response, SameFactsInOtherUnitsGiveTheSameResponse) {
  const api::Engine engine = shipped_engine();
  std::string request = testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  auto replace = [&request](const std::string& from, const std::string& to) {
    const std::size_t at = request.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    request.replace(at, from.size(), to);
  };
  // Findings worth comparing: blasts that need cytoreduction, a computed BSA.
  replace(R"("circulating_blasts": {"value": 8000, "unit": "/mm3")", R"("circulating_blasts": {"value": 12, "unit": "x10^9/L")");
  replace(R"("bsa": {"value": 1.85, "unit": "m2"},)", "");
  const std::string expected = testing::verify(engine, request);
  ASSERT_NE(expected.find("INO-CYTO-001"), std::string::npos) << expected;
  replace(R"("age": {"value": 34, "unit": "a"})", R"("age": {"value": 408, "unit": "mo"})");
  replace(R"("weight": {"value": 70, "unit": "kg"})", R"("weight": {"value": 154.32358352941, "unit": "lb"})");
  replace(R"("height": {"value": 175, "unit": "cm"})", R"("height": {"value": 68.897637795, "unit": "in"})");
  replace(R"("dose": {"value": 1.48, "unit": "mg"})", R"("dose": {"value": 1480, "unit": "ug"})");
  replace(R"("cycle_length": {"value": 21, "unit": "d"})", R"("cycle_length": {"value": 3, "unit": "wk"})");
  replace(R"("infusion_duration": {"value": 60, "unit": "min"})", R"("infusion_duration": {"value": 1, "unit": "h"})");
  replace(R"("final_volume": {"value": 50, "unit": "mL"})", R"("final_volume": {"value": 0.05, "unit": "L"})");
  replace(R"("circulating_blasts": {"value": 12, "unit": "x10^9/L")", R"("circulating_blasts": {"value": 12000, "unit": "cells/uL")");
  replace(R"("anc": {"value": 1.2, "unit": "10*9/L"})", R"("anc": {"value": 1200, "unit": "/mm3"})");
  replace(R"("total_bilirubin": {"value": 1.1, "unit": "mg/dL", "uln": 1.2})",
          R"("total_bilirubin": {"value": 18.81, "unit": "umol/L", "uln": 20.52})");
  replace(R"("qtcf": {"value": 440, "unit": "ms"})", R"("qtcf": {"value": 0.44, "unit": "s"})");
  replace(R"("potassium": {"value": 4.1, "unit": "mmol/L"})", R"("potassium": {"value": 4.1, "unit": "mEq/L"})");
  replace(R"("magnesium": {"value": 0.9, "unit": "mmol/L"})", R"("magnesium": {"value": 2.187, "unit": "mg/dL"})");
  EXPECT_EQ(testing::verify(engine, request), expected);
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
