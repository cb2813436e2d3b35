// One engine, many drugs (request-response.md 1.1): a catalogue routes each
// order to the pack of its drug, and a pack written only in rule text
// declares fields, derived values and codes of its own that no other pack
// sees. The catalogue here is the shipped rules/ with a test pack beside them.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "test_pack.h"

namespace rxr {
namespace {

namespace fs = std::filesystem;

// A copy of rules/ with the fixture pack (tests/engine/fixtures/testamab) beside them.
class CatalogueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(fs::temp_directory_path() / ("rxr-catalogue-" + std::to_string(::getpid())));
    fs::remove_all(*root_);
    fs::copy(RXR_SOURCE_DIR "/rules", *root_, fs::copy_options::recursive);
    fs::copy(RXR_SOURCE_DIR "/tests/engine/fixtures/testamab", *root_ / "testamab", fs::copy_options::recursive);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete root_;
  }

  static std::shared_ptr<const api::Catalogue> load(const fs::path& path) {
    const api::CatalogueLoad loaded = api::load_catalogue(path.string());
    EXPECT_TRUE(loaded.ok()) << loaded.rendered();
    return loaded.catalogue;
  }

  static fs::path* root_;
};

fs::path* CatalogueTest::root_ = nullptr;

// `order` is the order object, optionally followed by more members (the preparation).
std::string testamab_order(const std::string& order, const std::string& toxicities = "[]") {
  return R"({"id": "t-1", "as_of": "2026-03-10T09:00:00Z",
    "patient": {"age": {"value": 34, "unit": "a"}, "weight": {"value": 70, "unit": "kg"},
                "bsa": {"value": 1.85, "unit": "m2"}},
    "history": {"toxicities": )" + toxicities + R"(},
    "order": )" + order + "}";
}

std::string field(const std::string& response, std::string_view object, std::string_view key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(response);
  simdjson::dom::element value;
  const auto found = object.empty() ? doc[key] : doc[object][key];
  if (found.get(value) != simdjson::SUCCESS) return "(absent)";
  return std::string(std::string_view(value));
}

TEST_F(CatalogueTest, EveryPackFolderAnswersAndCommonOnlyShares) {
  const auto catalogue = load(*root_);
  ASSERT_NE(catalogue, nullptr);
  ASSERT_EQ(catalogue->packs.size(), 3U);  // inotuzumab ozogamicin, blinatumomab, the test pack
  EXPECT_EQ(catalogue->shared.size(), 1U);
  EXPECT_NE(catalogue->route("inotuzumab ozogamicin"), nullptr);
  EXPECT_EQ(catalogue->route("inotuzumab ozogamicin"), catalogue->route("besponsa"));
  EXPECT_EQ(catalogue->route("testa")->info.name, "testamab");
  EXPECT_EQ(catalogue->route("blinatumomab")->info.name, "blinatumomab");
  EXPECT_EQ(catalogue->route("blinatumomab"), catalogue->route("blincyto"));
  EXPECT_EQ(catalogue->route("aspirin"), nullptr);
}

TEST_F(CatalogueTest, OrdersAreRoutedByTheirDrugAsWritten) {
  const api::Engine engine(load(*root_));
  const std::string ino = testing::verify(engine, testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json"));
  EXPECT_EQ(field(ino, "ruleset", "name"), "inotuzumab-ozogamicin");
  const std::string blin =
      testing::verify(engine, testing::read_file(RXR_SOURCE_DIR "/examples/blinatumomab-adult-cycle1-day1.json"));
  EXPECT_EQ(field(blin, "ruleset", "name"), "blinatumomab");
  // A brand name with odd case and spacing routes as the generic name does.
  const std::string testa = testing::verify(engine, testamab_order(R"({"drug": "  TESTA ", "daily_dose": {"value": 20, "unit": "mcg/d"}})"));
  EXPECT_EQ(field(testa, "ruleset", "name"), "testamab") << testa;
  EXPECT_EQ(field(testa, "", "verdict"), "pass") << testa;
}

// The test pack's own field, range and rule: both sides of its threshold
// (cap 28 mcg/d, tolerance 10 %: 30.8 mcg/d).
TEST_F(CatalogueTest, APackWrittenOnlyInRuleTextChecksItsOwnFields) {
  const api::Engine engine(load(*root_));
  auto summary = [&](const std::string& dose) {
    simdjson::dom::parser parser;
    const std::string response = testing::verify(
        engine, testamab_order(R"({"drug": "testamab", "daily_dose": {"value": )" + dose + R"(, "unit": "mcg/d"}})"));
    simdjson::dom::element doc = parser.parse(response);
    std::string out{std::string_view(doc["verdict"])};
    for (simdjson::dom::element f : doc["findings"].get_array()) {
      out += " " + std::string(std::string_view(f["rule"])) + ":" + std::string(std::string_view(f["severity"]));
    }
    for (simdjson::dom::element p : doc["problems"].get_array()) out += " problem:" + std::string(std::string_view(p["path"]));
    return out;
  };
  EXPECT_EQ(summary("30.8"), "pass");
  EXPECT_EQ(summary("30.9"), "block T-DOSE-1:block");
  // Its declared plausible range: 0 and above 1000 mcg/d are invalid data,
  // which blocks, and the rule reading it cannot be decided.
  EXPECT_EQ(summary("0"), "block T-DOSE-1:warn problem:order.daily_dose");
  EXPECT_EQ(summary("1001"), "block T-DOSE-1:warn problem:order.daily_dose");
  EXPECT_EQ(summary("1000"), "block T-DOSE-1:block");
}

// Under 45 kg the cap is 15 mcg/m2/d by BSA, at most 28 mcg/d: if, min and a
// per-BSA-per-day unit, at 1.2 m2 18 mcg/d (19.8 mcg/d with the tolerance).
TEST_F(CatalogueTest, ConditionalLetsChooseByTheFacts) {
  const api::Engine engine(load(*root_));
  auto verdict = [&](const std::string& dose) {
    std::string request = testamab_order(R"({"drug": "testamab", "daily_dose": {"value": )" + dose + R"(, "unit": "mcg/d"}})");
    request.replace(request.find(R"({"value": 70, "unit": "kg"})"), 27, R"({"value": 40, "unit": "kg"})");
    request.replace(request.find(R"({"value": 1.85, "unit": "m2"})"), 29, R"({"value": 1.2, "unit": "m2"})");
    return field(testing::verify(engine, request), "", "verdict");
  };
  EXPECT_EQ(verdict("19.8"), "pass");
  EXPECT_EQ(verdict("19.9"), "block");
}

// A daily dose not given is derived from the pump rate and the bag, and the
// response shows how (request-response.md 1.1, "computed").
TEST_F(CatalogueTest, DerivedValuesAreComputedAndShown) {
  const api::Engine engine(load(*root_));
  const std::string low = testing::verify(engine, testamab_order(
      R"({"drug": "testamab", "infusion_rate": {"value": 10, "unit": "mL/h"}}, "preparation": {"concentration": {"value": 0.1, "unit": "mcg/mL"}})"));
  EXPECT_EQ(field(low, "computed", "order.daily_dose"), "24.00 mcg/d (pump rate x concentration)") << low;
  EXPECT_EQ(field(low, "", "verdict"), "pass") << low;
  const std::string high = testing::verify(engine, testamab_order(
      R"({"drug": "testamab", "infusion_rate": {"value": 10, "unit": "mL/h"}}, "preparation": {"concentration": {"value": 0.2, "unit": "ug/mL"}})"));
  EXPECT_EQ(field(high, "computed", "order.daily_dose"), "48.00 mcg/d (pump rate x concentration)") << high;
  EXPECT_NE(high.find("\"rule\":\"T-DOSE-1\""), std::string::npos) << high;
  // A dose given is used as given: nothing computed.
  const std::string given = testing::verify(engine, testamab_order(
      R"({"drug": "testamab", "daily_dose": {"value": 20, "unit": "mcg/d"}, "infusion_rate": {"value": 10, "unit": "mL/h"}}, "preparation": {"concentration": {"value": 0.2, "unit": "mcg/mL"}})"));
  EXPECT_EQ(field(given, "computed", "order.daily_dose"), "(absent)") << given;
  EXPECT_EQ(field(given, "", "verdict"), "pass") << given;
}

// Without a dose or what derives it, the rule cannot be decided, and says what is missing.
TEST_F(CatalogueTest, AnUndecidableRuleNamesItsMissingFacts) {
  const api::Engine engine(load(*root_));
  const std::string response = testing::verify(engine, testamab_order(R"({"drug": "testamab"})"));
  EXPECT_NE(response.find("\"rule\":\"T-DOSE-1\""), std::string::npos) << response;
  EXPECT_NE(response.find("\"missing\":[\"order.daily_dose\"]"), std::string::npos) << response;
  EXPECT_EQ(field(response, "", "verdict"), "warn") << response;
}

// A code one pack adds is its own: the other pack refuses it as unknown.
TEST_F(CatalogueTest, ExtendedCodesAreLocalToTheirPack) {
  const api::Engine engine(load(*root_));
  const std::string testa = testing::verify(engine, testamab_order(R"({"drug": "testamab", "daily_dose": {"value": 20, "unit": "mcg/d"}})",
                                                                   R"([{"type": "testitis", "grade": 2}])"));
  EXPECT_NE(testa.find("\"rule\":\"T-TOX-1\""), std::string::npos) << testa;
  EXPECT_NE(testa.find("\"problems\":[]"), std::string::npos) << testa;

  std::string ino = testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  const std::string none = R"("toxicities": [])";
  ASSERT_NE(ino.find(none), std::string::npos);
  ino.replace(ino.find(none), none.size(), R"("toxicities": [{"type": "testitis", "grade": 2}])");
  const std::string response = testing::verify(engine, ino);
  EXPECT_EQ(field(response, "", "verdict"), "block") << response;
  EXPECT_NE(response.find("\"path\":\"history.toxicities[0].type\",\"message\":\"unknown value 'testitis'"),
            std::string::npos) << response;
}

// Its fields are its own too: the inotuzumab pack does not read a daily dose.
TEST_F(CatalogueTest, DeclaredFieldsAreLocalToTheirPack) {
  const auto catalogue = load(*root_);
  EXPECT_NE(catalogue->route("testa")->schema.find("order.daily_dose"), schema::kNoField);
  EXPECT_EQ(catalogue->route("besponsa")->schema.find("order.daily_dose"), schema::kNoField);
}

TEST_F(CatalogueTest, AnOrderNoPackCoversIsReportedNeverDropped) {
  const auto catalogue = load(*root_);
  const api::Engine engine(catalogue);
  std::string aspirin = testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  aspirin.replace(aspirin.find("inotuzumab ozogamicin"), 21, "aspirin");
  const std::string response = testing::verify(engine, aspirin);
  EXPECT_EQ(field(response, "", "verdict"), "warn") << response;
  EXPECT_NE(response.find("\"rule\":\"RXR-NO-PACK\""), std::string::npos) << response;
  EXPECT_NE(response.find("'aspirin'"), std::string::npos) << response;
  EXPECT_EQ(field(response, "ruleset", "fingerprint"), catalogue->fingerprint);

  const std::string no_drug = testing::verify(engine, testamab_order("{}"));
  EXPECT_EQ(field(no_drug, "", "verdict"), "warn") << no_drug;
  EXPECT_NE(no_drug.find("\"missing\":[\"order.drug\"]"), std::string::npos) << no_drug;

  const std::string not_text = testing::verify(engine, testamab_order(R"({"drug": 12})"));
  EXPECT_EQ(field(not_text, "", "verdict"), "block") << not_text;
  EXPECT_NE(not_text.find("\"path\":\"order.drug\""), std::string::npos) << not_text;
}

// Routing takes a name already in comparable form as written and folds any
// other first; an order that is not an object, or a refused name, is a
// problem at its path, never a route.
TEST_F(CatalogueTest, RoutingReadsTheDrugAsThePacksDo) {
  const api::Engine engine(load(*root_));
  const std::string example = testing::read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  const auto with_drug = [&](const std::string& drug) {
    std::string order = example;
    order.replace(order.find("\"inotuzumab ozogamicin\""), 23, drug);
    return testing::verify(engine, order);
  };
  const std::string folded = with_drug(R"(" Inotuzumab  OZOGAMICIN")");
  EXPECT_EQ(field(folded, "ruleset", "name"), "inotuzumab-ozogamicin") << folded;

  const std::string refused = with_drug(R"("inotuzumab\u202eozogamicin")");
  EXPECT_EQ(field(refused, "", "verdict"), "block") << refused;
  EXPECT_NE(refused.find("\"path\":\"order.drug\",\"message\":\"'"), std::string::npos) << refused;
  EXPECT_NE(refused.find("is refused"), std::string::npos) << refused;

  const std::string empty = with_drug(R"("  ")");
  EXPECT_NE(empty.find("\"path\":\"order.drug\",\"message\":\"empty; expected a drug name\""), std::string::npos)
      << empty;

  std::string not_object = example;  // the order object moves to a key nothing reads
  const std::string order_key = "\"order\": {";
  ASSERT_NE(not_object.find(order_key), std::string::npos);
  not_object.replace(not_object.find(order_key), order_key.size(), "\"order\": 5, \"elsewhere\": {");
  const std::string no_order = testing::verify(engine, not_object);
  EXPECT_EQ(field(no_order, "", "verdict"), "block") << no_order;
  EXPECT_NE(no_order.find("\"path\":\"order\",\"message\":\"expected an object, got a number\""), std::string::npos)
      << no_order;
}

// Two packs claiming one drug name: the catalogue refuses to load, naming both.
TEST_F(CatalogueTest, TwoPacksClaimingOneNameDoNotLoad) {
  const fs::path clash = *root_ / ".." / ("rxr-clash-" + std::to_string(::getpid()));
  fs::remove_all(clash);
  fs::copy(*root_, clash, fs::copy_options::recursive);
  const fs::path pack = clash / "testamab" / "pack.rxr";
  std::string text = testing::read_file(pack.string());
  text.replace(text.find("aka \"testa\""), 11, "aka \"Besponsa\"");
  std::ofstream(pack, std::ios::binary | std::ios::trunc) << text;

  const api::CatalogueLoad loaded = api::load_catalogue(clash.string());
  fs::remove_all(clash);
  EXPECT_FALSE(loaded.ok());
  const std::string brief = loaded.brief();
  EXPECT_NE(brief.find("besponsa"), std::string::npos) << brief;
  EXPECT_NE(brief.find("testamab"), std::string::npos) << brief;
  EXPECT_NE(brief.find("inotuzumab"), std::string::npos) << brief;
}

// The fingerprint covers every file loaded: a change to the test pack changes it.
TEST_F(CatalogueTest, TheFingerprintCoversEveryPack) {
  const std::string before = load(*root_)->fingerprint;
  EXPECT_EQ(before, load(*root_)->fingerprint);
  const fs::path pack = *root_ / "testamab" / "pack.rxr";
  const std::string text = testing::read_file(pack.string());
  std::ofstream(pack, std::ios::binary | std::ios::app) << "\n# a comment\n";
  const std::string after = load(*root_)->fingerprint;
  std::ofstream(pack, std::ios::binary | std::ios::trunc) << text;
  EXPECT_NE(before, after);
  EXPECT_EQ(before.rfind("sha256:", 0), 0U);
}

}  // namespace
}  // namespace rxr
