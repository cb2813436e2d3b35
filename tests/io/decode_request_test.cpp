#include "io/decode_request.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/pack_loader.h"
#include "eval/verify.h"
#include "schema/schema.h"

// Counts heap allocations, to check that steady-state decoding makes none.
// Every replaceable form but the aligned ones is replaced, so that memory
// from one form is never released through another's default.
namespace {
std::atomic<long> g_allocations{0};

void* counted_malloc(std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}

void* counted_new(std::size_t size) {
  if (void* p = counted_malloc(size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace rxr::io {
namespace {

constexpr double kNow = 1773100800;  // 2026-03-10T00:00:00Z
constexpr double kMarch10 = 1773100800;

// The example request of shared/spec/request-response.md, verbatim.
constexpr std::string_view kExample = R"({
  "id": "ord-2026-000123",
  "as_of": "2026-03-10T09:00:00Z",
  "patient": {
    "age":    {"value": 34, "unit": "a"},
    "weight": {"value": 70, "unit": "kg"},
    "height": {"value": 175, "unit": "cm"},
    "bsa":    {"value": 1.85, "unit": "m2"},
    "sex": "female",
    "pregnant": false,
    "breastfeeding": false,
    "conditions": ["gilbert-syndrome", "congenital-long-qt"]
  },
  "diagnosis": {
    "condition": "b-cell-precursor-all",
    "cd22_positive": true,
    "relapsed_or_refractory": true,
    "ph_positive": false
  },
  "order": {
    "drug": "inotuzumab ozogamicin",
    "dose": {"value": 1.48, "unit": "mg"},
    "route": "IV",
    "cycle": 1,
    "day": 1,
    "cycle_length": {"value": 21, "unit": "d"},
    "scheduled_at": "2026-03-10T10:00:00Z",
    "infusion_duration": {"value": 60, "unit": "min"}
  },
  "preparation": {
    "reconstituted_at": "2026-03-10T08:30:00Z",
    "diluted_at": "2026-03-10T09:00:00Z",
    "infusion_end_at": "2026-03-10T11:00:00Z",
    "final_volume": {"value": 50, "unit": "mL"},
    "diluent": "sodium chloride 0.9%",
    "protected_from_light": true
  },
  "plan": {"hsct": true},
  "response": {"status": "CR", "mrd_negative": true},
  "labs": {
    "circulating_blasts": {"value": 12000, "unit": "/mm3", "at": "2026-03-09"},
    "anc":             {"value": 1.2, "unit": "10*9/L"},
    "platelets":       {"value": 80,  "unit": "10*9/L"},
    "total_bilirubin": {"value": 1.1, "unit": "mg/dL", "uln": 1.2},
    "ast":             {"value": 35,  "unit": "U/L",   "uln": 40},
    "alt":             {"value": 30,  "unit": "U/L",   "uln": 40},
    "qtcf":            {"value": 440, "unit": "ms"},
    "potassium":       {"value": 4.1, "unit": "mmol/L"},
    "magnesium":       {"value": 0.9, "unit": "mmol/L"}
  },
  "baseline_labs": {
    "anc":       {"value": 1.5, "unit": "10*9/L"},
    "platelets": {"value": 90,  "unit": "10*9/L"}
  },
  "premedications": [
    {"drug": "methylprednisolone", "given_at": "2026-03-10T09:15:00Z"},
    {"drug": "acetaminophen"},
    {"drug": "diphenhydramine"}
  ],
  "medications": [
    {"drug": "ondansetron"},
    {"drug": "fluconazole"}
  ],
  "history": {
    "administrations": [
      {"cycle": 1, "day": 1, "dose": {"value": 1.48, "unit": "mg"},
       "bsa": {"value": 1.85, "unit": "m2"}, "given_at": "2026-03-03"}
    ],
    "dose_reductions": [{"cycle": 2, "level": "total-dose-25-percent", "reason": "toxicity"}],
    "toxicities": [
      {"type": "vod", "grade": 3, "onset": "2026-02-20", "resolved": false}
    ],
    "interruptions": [{"cycle": 2, "days": 10, "reason": "toxicity"}],
    "cytoreduction": [{"drug": "hydroxyurea", "given_at": "2026-03-05"}]
  }
})";

constexpr std::string_view kBareNumber =
    "expected a quantity {\"value\": ..., \"unit\": ...}; the engine never guesses a unit";

// {"labs": {"anc": <value>}} from ("labs.anc", <value>).
std::string nest(std::string_view path, std::string_view value) {
  std::string open, close;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    open += "{\"" + std::string(path.substr(start, dot - start)) + "\": ";
    close += "}";
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return open + std::string(value) + close;
}

std::string quantity(double value, std::string_view unit) {
  return "{\"value\": " + std::to_string(value) + ", \"unit\": \"" + std::string(unit) + "\"}";
}

// The contract's request fields and derived values, as the shipped base
// declares them.
const compile::RuleSet& base() {
  static const std::unique_ptr<compile::RuleSet> rules = [] {
    api::LoadResult loaded = api::load_pack(RXR_SOURCE_DIR "/rules/common/request.rxr");
    if (!loaded.ok()) throw std::runtime_error("rules/common/request.rxr does not load");
    return std::move(loaded.rules);
  }();
  return *rules;
}

const schema::Schema& base_schema() { return base().schema; }

const schema::Field& field(std::string_view path) {
  const schema::FieldId id = base_schema().find(path);
  if (id == schema::kNoField) throw std::invalid_argument("no field " + std::string(path));
  return base_schema().field(id);
}

class DecodeTest : public ::testing::Test {
 protected:
  DecodeTest() {
    ondansetron_ = symbols_.intern("ondansetron");
    hydroxyurea_ = symbols_.intern("hydroxyurea");
    iv_ = symbols_.intern("IV");
    gilbert_ = symbols_.intern("gilbert-syndrome");
    cr_ = symbols_.intern("CR");
    symbols_.add_qualifier("hydrochloride");
  }

  // Decodes `json` as the engine reads a request: the base's derived
  // values (the Mosteller BSA) computed after the fields are read.
  DecodeResult decode(std::string_view json) {
    const DecodeResult result = decoder_.decode(json, base_schema(), symbols_, kNow, facts_);
    if (result.status == DecodeStatus::kOk) eval::prepare(base(), facts_, scratch_);
    return result;
  }

  bool bsa_derived() const { return !facts_.derived.empty(); }

  // Decodes a request holding only `value` at `path`; expects it to be a JSON object.
  void decode_at(std::string_view path, std::string_view value) {
    const DecodeResult result = decode(nest(path, value));
    ASSERT_EQ(result.status, DecodeStatus::kOk) << result.error;
  }

  // The base value of a quantity given at `path`; fails the test on any problem.
  double base_value(std::string_view path, double value, std::string_view unit) {
    decode_at(path, quantity(value, unit));
    EXPECT_TRUE(facts_.problems.empty()) << path << " " << unit << ": " << problem_text();
    EXPECT_EQ(scalar(path).presence, Presence::kPresent) << path << " " << unit;
    return scalar(path).number;
  }

  const FactValue& scalar(std::string_view path) const { return facts_.scalar(field(path)); }
  const FactList& list(std::string_view path) const { return facts_.list(field(path)); }
  const FactValue& cell(std::string_view list_path, uint32_t row, std::string_view member) const {
    const std::string member_path = std::string(list_path) + "[]." + std::string(member);
    return list(list_path).cell(row, field(member_path).slot);
  }

  std::string problem_text() const {
    std::string out;
    for (const Problem& p : facts_.problems) out += p.path + ": " + p.message + "\n";
    return out;
  }

  // Exactly one problem, at `path`, with `message`.
  void expect_problem(std::string_view path, std::string_view message) const {
    ASSERT_EQ(facts_.problems.size(), 1u) << problem_text();
    EXPECT_EQ(facts_.problems[0].path, path);
    EXPECT_EQ(facts_.problems[0].message, message);
  }

  bool has_problem(std::string_view path) const {
    for (const Problem& p : facts_.problems) {
      if (p.path == path) return true;
    }
    return false;
  }

  RequestDecoder decoder_;
  SymbolTable symbols_;
  eval::Scratch scratch_;
  Facts facts_;
  Symbol ondansetron_{}, hydroxyurea_{}, iv_{}, gilbert_{}, cr_{};
};

// --- The contract's example ------------------------------------------------

TEST_F(DecodeTest, ExampleRequestDecodesWithoutProblems) {
  const DecodeResult result = decode(kExample);
  ASSERT_EQ(result.status, DecodeStatus::kOk) << result.error;
  EXPECT_TRUE(result.error.empty());
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();

  EXPECT_TRUE(facts_.has_id);
  EXPECT_EQ(facts_.id, "ord-2026-000123");
  EXPECT_EQ(scalar("id").text, "ord-2026-000123");
  EXPECT_EQ(scalar("as_of").number, kMarch10 + 9 * 3600);
  EXPECT_EQ(scalar("patient.weight").number, 70e6);
  EXPECT_EQ(scalar("patient.height").number, 1750);
  EXPECT_EQ(scalar("patient.bsa").number, 1.85e6);
  EXPECT_FALSE(bsa_derived());
  EXPECT_EQ(scalar("patient.pregnant").number, 0);
  EXPECT_EQ(scalar("patient.pregnant").presence, Presence::kPresent);
  EXPECT_EQ(scalar("diagnosis.cd22_positive").number, 1);
  EXPECT_EQ(scalar("order.dose").number, 1.48);
  EXPECT_EQ(scalar("order.route").symbol, iv_);
  EXPECT_EQ(scalar("order.cycle").number, 1);
  EXPECT_EQ(scalar("order.cycle_length").number, 21 * 86400);
  EXPECT_EQ(scalar("order.infusion_duration").number, 3600);
  EXPECT_EQ(scalar("preparation.final_volume").number, 50e3);
  EXPECT_EQ(scalar("preparation.diluent").text, "sodium chloride 0.9%");
  EXPECT_EQ(scalar("response.status").symbol, cr_);
  EXPECT_EQ(scalar("labs.circulating_blasts").number, 12000);
  EXPECT_EQ(scalar("labs.circulating_blasts.at").number, kMarch10 - 86400);
  EXPECT_EQ(scalar("labs.anc").number, 1200);
  EXPECT_DOUBLE_EQ(scalar("labs.total_bilirubin.uln").number, 1.2e-5);
  EXPECT_EQ(scalar("labs.total_bilirubin.lln").presence, Presence::kAbsent);
  EXPECT_DOUBLE_EQ(scalar("labs.ast.uln").number, 40e-6);
  EXPECT_DOUBLE_EQ(scalar("labs.qtcf").number, 0.44);
  EXPECT_EQ(scalar("baseline_labs.platelets").number, 90000);
  EXPECT_EQ(scalar("labs.qtcf.at").presence, Presence::kAbsent);

  EXPECT_EQ(list("patient.conditions").count, 2u);
  EXPECT_EQ(list("patient.conditions").cell(0, 0).symbol, gilbert_);
  EXPECT_EQ(list("premedications").count, 3u);
  EXPECT_EQ(cell("premedications", 0, "given_at").number, kMarch10 + 9.25 * 3600);
  EXPECT_EQ(cell("premedications", 1, "given_at").presence, Presence::kAbsent);
  EXPECT_EQ(cell("premedications", 2, "drug").text, "diphenhydramine");
  EXPECT_EQ(cell("medications", 0, "drug").symbol, ondansetron_);
  EXPECT_EQ(cell("history.administrations", 0, "bsa").number, 1.85e6);
  EXPECT_EQ(cell("history.dose_reductions", 0, "level").text, "total-dose-25-percent");
  EXPECT_EQ(cell("history.toxicities", 0, "grade").number, 3);
  EXPECT_EQ(cell("history.toxicities", 0, "resolved").number, 0);
  EXPECT_EQ(cell("history.interruptions", 0, "days").number, 10);
  EXPECT_EQ(cell("history.cytoreduction", 0, "drug").symbol, hydroxyurea_);
}

TEST_F(DecodeTest, EveryFieldOfAnEmptyRequestIsAbsentExceptAsOf) {
  ASSERT_EQ(decode("{}").status, DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_FALSE(facts_.has_id);
  for (const schema::Field& f : base_schema().fields()) {
    if (f.type == schema::FieldType::kObject) continue;
    const bool is_list = f.is_list();
    if (f.parent != schema::kNoField &&
        base_schema().field(f.parent).type == schema::FieldType::kRecordList) {
      continue;  // record members have no value outside a record
    }
    const Presence presence = is_list ? facts_.list(f).presence : facts_.scalar(f).presence;
    EXPECT_EQ(presence, f.path == "as_of" ? Presence::kPresent : Presence::kAbsent) << f.path;
  }
  EXPECT_EQ(scalar("as_of").number, kNow);
}

TEST_F(DecodeTest, UnknownKeysAreIgnored) {
  ASSERT_EQ(decode(R"({"version": 2, "extra": {"x": [1, {"y": null}]},
                       "order": {"dose_typo": 5, "dose": {"value": 2, "unit": "mg", "note": "x"}},
                       "labs": {"anc": {"value": 1, "unit": "/mm3", "flag": "H"}}})")
                .status,
            DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_EQ(scalar("order.dose").number, 2);
  EXPECT_EQ(scalar("labs.anc").number, 1);
}

// A quantity is read alike whatever the order of its members, and a lab's
// members are read only when given.
TEST_F(DecodeTest, QuantityMembersInAnyOrder) {
  ASSERT_EQ(decode(R"({"order": {"dose": {"unit": "mg", "value": 2}},
                       "labs": {"ast": {"unit": "U/L", "uln": 40, "value": 80},
                                "alt": {"value": 70, "unit": "U/L"}}})")
                .status,
            DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_EQ(scalar("order.dose").number, 2);
  EXPECT_DOUBLE_EQ(scalar("labs.ast").number, 80e-6);
  EXPECT_DOUBLE_EQ(scalar("labs.ast.uln").number, 40e-6);
  EXPECT_DOUBLE_EQ(scalar("labs.alt").number, 70e-6);
  EXPECT_EQ(scalar("labs.alt.uln").presence, Presence::kAbsent);
}

TEST_F(DecodeTest, NullIsAbsent) {
  ASSERT_EQ(decode(R"({"id": null, "as_of": null, "patient": null, "medications": null,
                       "order": {"dose": null, "cycle": null, "drug": null},
                       "labs": {"ast": {"value": 35, "unit": "U/L", "uln": null, "at": null}}})")
                .status,
            DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_FALSE(facts_.has_id);
  EXPECT_EQ(scalar("as_of").number, kNow);
  EXPECT_EQ(scalar("patient.weight").presence, Presence::kAbsent);
  EXPECT_EQ(list("medications").presence, Presence::kAbsent);
  EXPECT_EQ(scalar("order.dose").presence, Presence::kAbsent);
  EXPECT_EQ(scalar("order.cycle").presence, Presence::kAbsent);
  EXPECT_EQ(scalar("order.drug").presence, Presence::kAbsent);
  EXPECT_EQ(scalar("labs.ast").presence, Presence::kPresent);
  EXPECT_EQ(scalar("labs.ast.uln").presence, Presence::kAbsent);
  EXPECT_EQ(scalar("labs.ast.at").presence, Presence::kAbsent);
}

// --- Units: every spelling of the contract's table -------------------------

TEST_F(DecodeTest, MassUnits) {
  EXPECT_EQ(base_value("order.dose", 1, "mg"), 1);
  EXPECT_EQ(base_value("order.dose", 1, "g"), 1e3);
  EXPECT_EQ(base_value("order.dose", 1, "kg"), 1e6);
  EXPECT_EQ(base_value("order.dose", 1, "ug"), 1e-3);
  EXPECT_EQ(base_value("order.dose", 1, "mcg"), 1e-3);
  EXPECT_EQ(base_value("order.dose", 1, "\xC2\xB5g"), 1e-3);
  EXPECT_EQ(base_value("order.dose", 1, "lb"), 453592.37);
}

TEST_F(DecodeTest, LengthUnits) {
  EXPECT_EQ(base_value("patient.height", 1, "cm"), 10);
  EXPECT_EQ(base_value("patient.height", 1, "m"), 1000);
  EXPECT_EQ(base_value("patient.height", 1, "in"), 25.4);
}

TEST_F(DecodeTest, AreaUnits) {
  EXPECT_EQ(base_value("patient.bsa", 1, "m2"), 1e6);
  EXPECT_EQ(base_value("patient.bsa", 1, "m^2"), 1e6);
}

TEST_F(DecodeTest, AgeAndDurationUnits) {
  constexpr double kDay = 86400;
  constexpr double kYear = 365.25 * kDay;
  EXPECT_EQ(base_value("patient.age", 1, "a"), kYear);
  EXPECT_EQ(base_value("patient.age", 1, "y"), kYear);
  EXPECT_EQ(base_value("patient.age", 1, "year"), kYear);
  EXPECT_EQ(base_value("patient.age", 12, "mo"), kYear);
  EXPECT_EQ(base_value("patient.age", 1, "wk"), 7 * kDay);
  EXPECT_EQ(base_value("patient.age", 1, "d"), kDay);
  EXPECT_EQ(base_value("patient.age", 1, "h"), 3600);
  EXPECT_EQ(base_value("patient.age", 1, "min"), 60);
  EXPECT_EQ(base_value("patient.age", 1, "s"), 1);
}

TEST_F(DecodeTest, IntervalUnit) { EXPECT_DOUBLE_EQ(base_value("labs.qtcf", 440, "ms"), 0.44); }

TEST_F(DecodeTest, CellCountUnits) {
  for (std::string_view unit : {"/mm3", "/uL", "cells/uL"}) {
    EXPECT_EQ(base_value("labs.anc", 1000, unit), 1000) << unit;
  }
  for (std::string_view unit : {"10*9/L", "10^9/L", "x10^9/L", "G/L"}) {
    EXPECT_EQ(base_value("labs.anc", 1, unit), 1000) << unit;  // exactly 1000 /mm3
  }
  EXPECT_EQ(base_value("labs.platelets", 1.2, "10*9/L"),
            base_value("labs.platelets", 1200, "/mm3"));
}

TEST_F(DecodeTest, BilirubinUnits) {
  const double mg_dl = base_value("labs.total_bilirubin", 1, "mg/dL");
  EXPECT_DOUBLE_EQ(base_value("labs.total_bilirubin", 17.1, "umol/L"), mg_dl);
  EXPECT_DOUBLE_EQ(base_value("labs.total_bilirubin", 17.1, "\xC2\xB5mol/L"), mg_dl);
}

TEST_F(DecodeTest, EnzymeUnit) { EXPECT_DOUBLE_EQ(base_value("labs.ast", 40, "U/L"), 40e-6); }

TEST_F(DecodeTest, ElectrolyteUnits) {
  EXPECT_EQ(base_value("labs.potassium", 4.1, "mEq/L"),
            base_value("labs.potassium", 4.1, "mmol/L"));
  const double magnesium = base_value("labs.magnesium", 1, "mmol/L");
  EXPECT_DOUBLE_EQ(base_value("labs.magnesium", 2.43, "mg/dL"), magnesium);
  EXPECT_DOUBLE_EQ(base_value("labs.magnesium", 2, "mEq/L"), magnesium);
}

TEST_F(DecodeTest, VolumeUnits) {
  EXPECT_EQ(base_value("preparation.final_volume", 50, "mL"), 50e3);
  EXPECT_EQ(base_value("preparation.final_volume", 0.05, "L"), 50e3);
}

TEST_F(DecodeTest, AnalyteUnitsAreAcceptedForTheirAnalyteOnly) {
  decode_at("labs.potassium", quantity(4, "mg/dL"));
  expect_problem("labs.potassium.unit",
                 "unit 'mg/dL' is a mass concentration unit, but labs.potassium needs an amount "
                 "concentration unit such as mmol/L");
  EXPECT_EQ(scalar("labs.potassium").presence, Presence::kInvalid);
}

// --- Quantity problems -----------------------------------------------------

TEST_F(DecodeTest, BareNumberIsNotAQuantity) {
  decode_at("order.dose", "1.48");
  expect_problem("order.dose", kBareNumber);
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, OtherJsonIsNotAQuantity) {
  decode_at("order.dose", "\"1.48 mg\"");
  expect_problem("order.dose", "expected a quantity {\"value\": ..., \"unit\": ...}, got a string");
  decode_at("labs.anc", "[1.2, \"10*9/L\"]");
  expect_problem("labs.anc", "expected a quantity {\"value\": ..., \"unit\": ...}, got an array");
  EXPECT_EQ(scalar("labs.anc").presence, Presence::kInvalid);
  EXPECT_EQ(scalar("labs.anc.uln").presence, Presence::kAbsent);
}

TEST_F(DecodeTest, MissingUnit) {
  decode_at("order.dose", R"({"value": 1.48})");
  expect_problem("order.dose.unit", "missing; the engine never guesses a unit");
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, MissingValue) {
  decode_at("order.dose", R"({"unit": "mg"})");
  expect_problem("order.dose.value", "missing; a quantity needs a number in \"value\"");
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
  decode_at("order.dose", R"({"value": null, "unit": "mg"})");
  expect_problem("order.dose.value", "missing; a quantity needs a number in \"value\"");
}

TEST_F(DecodeTest, ValueMustBeANumber) {
  decode_at("order.dose", R"({"value": "1.48", "unit": "mg"})");
  expect_problem("order.dose.value", "expected a number, got a string");
  decode_at("order.dose", R"({"value": true, "unit": "mg"})");
  expect_problem("order.dose.value", "expected a number, got true or false");
}

TEST_F(DecodeTest, UnitMustBeAString) {
  decode_at("order.dose", R"({"value": 1.48, "unit": 1})");
  expect_problem("order.dose.unit", "expected a unit string, got a number");
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, UnknownUnitNamesTheExpectedKind) {
  decode_at("labs.anc", quantity(1.2, "cells"));
  expect_problem("labs.anc.unit",
                 "unknown unit 'cells'; expected a cell count unit such as 10*9/L or /mm3");
  EXPECT_EQ(scalar("labs.anc").presence, Presence::kInvalid);
  decode_at("labs.ast", quantity(40, "ukat/L"));
  expect_problem("labs.ast.unit",
                 "unknown unit 'ukat/L'; expected an enzyme activity unit such as U/L");
}

TEST_F(DecodeTest, UnitsAreCaseSensitive) {
  decode_at("order.dose", quantity(1, "MG"));
  expect_problem("order.dose.unit",
                 "unknown unit 'MG'; expected a mass unit such as mg, g, kg, mcg or lb");
}

TEST_F(DecodeTest, UnitOfTheWrongDimension) {
  decode_at("order.dose", quantity(50, "mL"));
  expect_problem("order.dose.unit",
                 "unit 'mL' is a volume unit, but order.dose needs a mass unit such as mg, g, kg, "
                 "mcg or lb");
  decode_at("labs.anc", quantity(50, "%"));
  expect_problem("labs.anc.unit",
                 "unit '%' is a plain number, but labs.anc needs a cell count unit such as "
                 "10*9/L or /mm3");
}

TEST_F(DecodeTest, LongUnitIsCutShortInTheMessage) {
  decode_at("order.dose", quantity(1, std::string(100, 'x')));
  ASSERT_EQ(facts_.problems.size(), 1u);
  EXPECT_EQ(facts_.problems[0].message,
            "unknown unit '" + std::string(64, 'x') +
                "...'; expected a mass unit such as mg, g, kg, mcg or lb");
}

TEST_F(DecodeTest, ValuesOutsideTheRangeAreProblems) {
  decode_at("order.dose", R"({"value": -1, "unit": "mg"})");
  expect_problem("order.dose", "-1 mg is out of range; expected more than 0 mg");
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);

  decode_at("order.dose", R"({"value": 0, "unit": "mcg"})");
  expect_problem("order.dose", "0 mcg is out of range; expected more than 0 mcg");

  decode_at("patient.age", R"({"value": 200, "unit": "a"})");
  expect_problem("patient.age", "200 a is out of range; expected 0 to 130 a");

  decode_at("patient.weight", R"({"value": 2000, "unit": "lb"})");
  expect_problem("patient.weight",
                 "2000 lb is out of range; expected more than 0 lb and at most 1102.31 lb");

  decode_at("labs.anc", R"({"value": -0.5, "unit": "10*9/L"})");
  expect_problem("labs.anc", "-0.5 10*9/L is out of range; expected 0 to 300 10*9/L");

  // Plausibility catches unit slips: a QTcF of 0.52 ms was meant in seconds.
  decode_at("labs.qtcf", R"({"value": 0.52, "unit": "ms"})");
  expect_problem("labs.qtcf", "0.52 ms is out of range; expected 200 to 1000 ms");
  decode_at("patient.bsa", R"({"value": 0.01, "unit": "m2"})");
  expect_problem("patient.bsa", "0.01 m2 is out of range; expected 0.1 to 5 m2");
}

TEST_F(DecodeTest, BoundaryValuesAreAccepted) {
  EXPECT_EQ(base_value("patient.age", 0, "a"), 0);
  EXPECT_EQ(base_value("patient.age", 130, "a"), 130 * 365.25 * 86400);
  EXPECT_EQ(base_value("labs.anc", 0, "/mm3"), 0);
}

TEST_F(DecodeTest, ValueTooLargeAfterConversion) {
  decode_at("labs.anc", R"({"value": 1e308, "unit": "10*9/L"})");
  expect_problem("labs.anc", "1e+308 10*9/L is too large");
  EXPECT_EQ(scalar("labs.anc").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, NotANumberAndInfinityAreNotJson) {
  for (std::string_view value : {"NaN", "Infinity", "-Infinity", "1e400"}) {
    const std::string json =
        nest("order.dose", "{\"value\": " + std::string(value) + ", \"unit\": \"mg\"}");
    EXPECT_EQ(decode(json).status, DecodeStatus::kNotAnObject) << value;
  }
}

// --- Labs ------------------------------------------------------------------

TEST_F(DecodeTest, LabLimitsAreInTheLabsUnit) {
  decode_at(
      "labs.total_bilirubin",
      R"({"value": 20, "unit": "umol/L", "uln": 21, "lln": 0, "at": "2026-03-09T08:00:00+01:00"})");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  const double factor = scalar("labs.total_bilirubin").number / 20;
  EXPECT_DOUBLE_EQ(factor * 17.1, 1e-5);  // 17.1 umol/L = 1 mg/dL
  EXPECT_DOUBLE_EQ(scalar("labs.total_bilirubin.uln").number, 21 * factor);
  EXPECT_EQ(scalar("labs.total_bilirubin.lln").number, 0);
  EXPECT_EQ(scalar("labs.total_bilirubin.lln").presence, Presence::kPresent);
  EXPECT_EQ(scalar("labs.total_bilirubin.at").number, kMarch10 - 86400 + 7 * 3600);
}

// A potassium lln of 0 would switch the electrolyte check off: implausible
// for the analyte. A bilirubin's lln of 0 is an ordinary reference range.
TEST_F(DecodeTest, LabLimitsArePlausibleForTheAnalyte) {
  decode_at("labs.potassium", R"({"value": 3.0, "unit": "mmol/L", "lln": 0})");
  expect_problem("labs.potassium.lln", "0 mmol/L is out of range; expected 2 to 4.5 mmol/L");
  decode_at("labs.magnesium", R"({"value": 0.9, "unit": "mg/dL", "lln": 0.5})");
  EXPECT_EQ(facts_.problems.size(), 1u) << problem_text();  // 0.5 mg/dL = 0.206 mmol/L
  decode_at("labs.total_bilirubin", R"({"value": 1.0, "unit": "mg/dL", "lln": 0, "uln": 1.2})");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
}

// Limits that contradict each other cannot both be right: neither is used.
TEST_F(DecodeTest, TheLowerLimitMustBeBelowTheUpper) {
  decode_at("labs.potassium", R"({"value": 4.0, "unit": "mEq/L", "lln": 4.5, "uln": 4.5})");
  expect_problem("labs.potassium.lln", "the lower limit 4.5 mEq/L is not below the upper limit 4.5 mEq/L");
  EXPECT_EQ(scalar("labs.potassium").presence, Presence::kPresent);
  EXPECT_EQ(scalar("labs.potassium.lln").presence, Presence::kInvalid);
  EXPECT_EQ(scalar("labs.potassium.uln").presence, Presence::kInvalid);
  decode_at("labs.potassium", R"({"value": 4.0, "unit": "mEq/L", "lln": 3.4, "uln": 4.5})");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
}

// Years before 1900 or from 2200 on are typing slips.
TEST_F(DecodeTest, TimesMustBePlausible) {
  decode_at("order.scheduled_at", R"("0000-03-10T09:00:00Z")");
  expect_problem("order.scheduled_at", "'0000-03-10T09:00:00Z' is not a plausible time; expected one from 1900 to 2199");
  decode_at("order.scheduled_at", R"("2200-01-01")");
  EXPECT_EQ(facts_.problems.size(), 1u) << problem_text();
  decode_at("order.scheduled_at", R"("1899-12-31T23:59:59Z")");
  EXPECT_EQ(facts_.problems.size(), 1u) << problem_text();
  decode_at("order.scheduled_at", R"("1900-01-01")");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  decode_at("order.scheduled_at", R"("2199-12-31T23:59:59Z")");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
}

// A dilution before the reconstitution is a negative duration that would
// pass the preparation checks: the later time is not used.
TEST_F(DecodeTest, PreparationTimesMustBeInOrder) {
  decode_at("preparation",
            R"({"reconstituted_at": "2026-03-10T08:30:00Z", "diluted_at": "2026-03-10T08:00:00Z"})");
  expect_problem("preparation.diluted_at",
                 "'2026-03-10T08:00:00Z' is before preparation.reconstituted_at '2026-03-10T08:30:00Z'; one of the two "
                 "times is wrong");
  EXPECT_EQ(scalar("preparation.diluted_at").presence, Presence::kInvalid);
  decode_at("preparation", R"({"reconstituted_at": "2026-03-10T08:30:00Z", "diluted_at": "2026-03-10T08:30:00Z",
                               "infusion_end_at": "2026-03-10T08:29:00Z"})");
  EXPECT_TRUE(has_problem("preparation.infusion_end_at")) << problem_text();
  decode_at("preparation", R"({"reconstituted_at": "2026-03-10T08:30:00Z", "diluted_at": "2026-03-10T08:30:00Z"})");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
}

// A computed BSA is held to the range a given one is.
TEST_F(DecodeTest, AComputedBsaMustBePlausible) {
  decode(R"({"patient": {"height": {"value": 300, "unit": "cm"}, "weight": {"value": 500, "unit": "kg"}}})");
  expect_problem("patient.bsa",
                 "6.45 m2 computed from patient.height and patient.weight (Mosteller) is out of range; expected 0.1 to "
                 "5 m2; check them");
  EXPECT_EQ(scalar("patient.bsa").presence, Presence::kInvalid);
  EXPECT_FALSE(bsa_derived());
}

TEST_F(DecodeTest, LabMembersMayComeInAnyOrder) {
  decode_at("labs.ast", R"({"uln": 40, "at": "2026-03-09", "unit": "U/L", "value": 35})");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_EQ(scalar("labs.ast").number, 35e-6);
  EXPECT_DOUBLE_EQ(scalar("labs.ast.uln").number, 40e-6);
}

TEST_F(DecodeTest, LabLimitsAreCheckedAgainstTheirOwnRange) {
  decode_at("labs.ast", R"({"value": 35, "unit": "U/L", "uln": 0, "lln": -1})");
  ASSERT_EQ(facts_.problems.size(), 2u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "labs.ast.uln");
  EXPECT_EQ(facts_.problems[0].message, "0 U/L is out of range; expected 10 to 500 U/L");
  EXPECT_EQ(facts_.problems[1].path, "labs.ast.lln");
  EXPECT_EQ(facts_.problems[1].message, "-1 U/L is out of range; expected 0 to 100 U/L");
  EXPECT_EQ(scalar("labs.ast").presence, Presence::kPresent);
  EXPECT_EQ(scalar("labs.ast.uln").presence, Presence::kInvalid);
  EXPECT_EQ(scalar("labs.ast.lln").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, LabLimitMustBeABareNumber) {
  decode_at("labs.ast", R"({"value": 35, "unit": "U/L", "uln": {"value": 40, "unit": "U/L"}})");
  expect_problem("labs.ast.uln", "expected a number in the unit of the lab value, got an object");
  EXPECT_EQ(scalar("labs.ast.uln").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, LabLimitsWithoutAUsableUnitAreInvalid) {
  decode_at("labs.ast", R"({"value": 35, "unit": "ukat/L", "uln": 40})");
  ASSERT_EQ(facts_.problems.size(), 1u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "labs.ast.unit");
  EXPECT_EQ(scalar("labs.ast").presence, Presence::kInvalid);
  EXPECT_EQ(scalar("labs.ast.uln").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, LabTimeIsValidated) {
  decode_at("labs.anc", R"({"value": 1, "unit": "10*9/L", "at": "2026-02-30"})");
  expect_problem("labs.anc.at", "'2026-02-30' is not a valid time: there is no such calendar date");
  EXPECT_EQ(scalar("labs.anc").presence, Presence::kPresent);
  EXPECT_EQ(scalar("labs.anc.at").presence, Presence::kInvalid);
}

// --- Times -----------------------------------------------------------------

TEST_F(DecodeTest, TimesWithOffsetsAndDates) {
  ASSERT_EQ(decode(R"({"as_of": "2026-03-10T10:30:00.5+01:00",
                       "order": {"scheduled_at": "2026-03-10T04:30:00-05:00"},
                       "preparation": {"diluted_at": "2026-03-10"}})")
                .status,
            DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_EQ(scalar("as_of").number, kMarch10 + 9.5 * 3600 + 0.5);
  EXPECT_EQ(scalar("order.scheduled_at").number, kMarch10 + 9.5 * 3600);
  EXPECT_EQ(scalar("preparation.diluted_at").number, kMarch10);
}

TEST_F(DecodeTest, InvalidTimesAreProblems) {
  struct Case {
    std::string_view written;
    std::string_view message;
  };
  for (const Case& c : {
           Case{"2026-02-30", "'2026-02-30' is not a valid time: there is no such calendar date"},
           Case{"2026-13-01", "'2026-13-01' is not a valid time: there is no such calendar date"},
           Case{"2026-03-10T24:00:00Z",
                "'2026-03-10T24:00:00Z' is not a valid time: hour, minute or second is out of "
                "range"},
           Case{"2026-03-10T09:00:00+25:00",
                "'2026-03-10T09:00:00+25:00' is not a valid time: the zone offset is out of range"},
           Case{"2026-03-10T09:00:00",
                "'2026-03-10T09:00:00' is not a valid time: the time has no zone; add Z or an "
                "offset such as +01:00"},
           Case{"10/03/2026",
                "'10/03/2026' is not a valid time: expected an ISO 8601 time such as "
                "2026-03-10T09:30:00Z or a date such as 2026-03-10"},
       }) {
    decode_at("order.scheduled_at", "\"" + std::string(c.written) + "\"");
    expect_problem("order.scheduled_at", c.message);
    EXPECT_EQ(scalar("order.scheduled_at").presence, Presence::kInvalid);
  }
}

TEST_F(DecodeTest, TimeMustBeAString) {
  decode_at("order.scheduled_at", "1773100800");
  expect_problem("order.scheduled_at",
                 "expected an ISO 8601 time such as 2026-03-10T09:30:00Z, got a number");
}

TEST_F(DecodeTest, AbsentAsOfIsNow) {
  ASSERT_EQ(decode(R"({"id": "x"})").status, DecodeStatus::kOk);
  EXPECT_EQ(scalar("as_of").presence, Presence::kPresent);
  EXPECT_EQ(scalar("as_of").number, kNow);
}

TEST_F(DecodeTest, InvalidAsOfIsAProblemNotNow) {
  ASSERT_EQ(decode(R"({"as_of": "2026-02-30T09:00:00Z"})").status, DecodeStatus::kOk);
  expect_problem("as_of",
                 "'2026-02-30T09:00:00Z' is not a valid time: there is no such calendar date");
  EXPECT_EQ(scalar("as_of").presence, Presence::kInvalid);
}

// --- Scalars ---------------------------------------------------------------

TEST_F(DecodeTest, BooleansMustBeJsonBooleans) {
  ASSERT_EQ(decode(R"({"patient": {"pregnant": true, "breastfeeding": "false"}})").status,
            DecodeStatus::kOk);
  expect_problem("patient.breastfeeding", "expected true or false, got a string");
  EXPECT_EQ(scalar("patient.pregnant").number, 1);
  EXPECT_EQ(scalar("patient.breastfeeding").presence, Presence::kInvalid);
  decode_at("plan.hsct", "0");
  expect_problem("plan.hsct", "expected true or false, got a number");
}

TEST_F(DecodeTest, IntegersMustBeWholeNumbersInRange) {
  decode_at("order.cycle", "1.0");
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(scalar("order.cycle").number, 1);

  decode_at("order.cycle", "2.5");
  expect_problem("order.cycle", "expected a whole number, got 2.5");
  EXPECT_EQ(scalar("order.cycle").presence, Presence::kInvalid);

  decode_at("order.cycle", "0");
  expect_problem("order.cycle", "0 is out of range; expected 1 to 100");

  decode_at("order.day", "\"1\"");
  expect_problem("order.day", "expected a whole number, got a string");

  decode_at("order.day", "18446744073709551615");
  expect_problem("order.day", "1.8446744073709552e+19 is out of range; expected 1 to 100");
}

TEST_F(DecodeTest, IdIsEchoedText) {
  std::string json = R"({"id": "ord-1"})";
  ASSERT_EQ(decode(json).status, DecodeStatus::kOk);
  json.assign(json.size(), ' ');  // views must not point into the caller's text
  EXPECT_TRUE(facts_.has_id);
  EXPECT_EQ(facts_.id, "ord-1");
  EXPECT_EQ(scalar("id").text, "ord-1");
  EXPECT_EQ(scalar("id").presence, Presence::kPresent);
}

TEST_F(DecodeTest, IdMustBeAString) {
  ASSERT_EQ(decode(R"({"id": 123})").status, DecodeStatus::kOk);
  expect_problem("id", "expected a string, got a number");
  EXPECT_FALSE(facts_.has_id);
  EXPECT_EQ(scalar("id").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, CodesAreLookedUpCaseInsensitively) {
  decode_at("order.route", "\" iv \"");
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(scalar("order.route").symbol, iv_);
  EXPECT_EQ(scalar("order.route").text, " iv ");  // as written
  decode_at("order.route", "\"intrathecal\"");
  EXPECT_EQ(scalar("order.route").symbol, kUnknownSymbol);
  EXPECT_EQ(scalar("order.route").presence, Presence::kPresent);
}

TEST_F(DecodeTest, EmptyCodesDrugsAndChoicesAreProblems) {
  decode_at("order.route", "\"\"");
  expect_problem("order.route", "empty; expected a code");
  EXPECT_EQ(scalar("order.route").presence, Presence::kInvalid);
  decode_at("order.drug", "\"  \"");
  expect_problem("order.drug", "empty; expected a drug name");
  decode_at("response.status", "\"\"");
  expect_problem("response.status", "empty; expected one of CR, CRi, PR, SD, PD or none");
  decode_at("history.dose_reductions", R"([{"reason": ""}])");  // free text may be empty
  EXPECT_TRUE(facts_.problems.empty());
}

// A drug list entry with an empty name is an unidentified drug: absent, so
// that the rules needing it report it missing by its index (clinical M3).
TEST_F(DecodeTest, EmptyDrugNamesOfListEntriesAreAbsent) {
  decode_at("medications", R"([{"drug": "ondansetron"}, {"drug": " "}, {"drug": "\u200b"}])");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_EQ(cell("medications", 0, "drug").presence, Presence::kPresent);
  EXPECT_EQ(cell("medications", 1, "drug").presence, Presence::kAbsent);
  EXPECT_EQ(cell("medications", 2, "drug").presence, Presence::kAbsent);
}

TEST_F(DecodeTest, StringsMustBeStrings) {
  decode_at("order.drug", "5");
  expect_problem("order.drug", "expected a drug name, got a number");
  decode_at("order.route", "[\"IV\"]");
  expect_problem("order.route", "expected a code, got an array");
}

TEST_F(DecodeTest, DrugNamesGoThroughSaltWords) {
  decode_at("medications", R"([{"drug": "Ondansetron Hydrochloride "}, {"drug": "ONDANSETRON"},
                               {"drug": "ondansetron sodium"}])");
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(cell("medications", 0, "drug").symbol, ondansetron_);
  EXPECT_EQ(cell("medications", 0, "drug").text, "Ondansetron Hydrochloride ");
  EXPECT_EQ(cell("medications", 1, "drug").symbol, ondansetron_);
  EXPECT_EQ(cell("medications", 2, "drug").symbol, kUnknownSymbol);  // not a salt word here
}

// A name is matched as written only when it is in plain comparable form;
// any other goes through the text policy first, which may refuse it, as it
// refuses this Latin name with a Greek omicron in it.
TEST_F(DecodeTest, NamesOutsidePlainAsciiGoThroughThePolicy) {
  decode_at("order.drug", "\"ondansetr\xCE\xBFn\"");
  ASSERT_EQ(facts_.problems.size(), 1u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "order.drug");
  EXPECT_NE(facts_.problems[0].message.find("is refused"), std::string::npos) << problem_text();
  EXPECT_EQ(scalar("order.drug").presence, Presence::kInvalid);
  // A name outside ASCII that the policy accepts is matched through it,
  // as written and in capitals alike.
  const Symbol accented = symbols_.intern("bl\xC3\xA9omycine");
  decode_at("order.drug", "\"bl\xC3\xA9omycine\"");
  EXPECT_TRUE(facts_.problems.empty()) << problem_text();
  EXPECT_EQ(scalar("order.drug").symbol, accented);
  decode_at("order.drug", "\"BL\xC3\x89OMYCINE\"");
  EXPECT_EQ(scalar("order.drug").symbol, accented);
  // A plain name the table holds is matched as written, and its text kept.
  decode_at("order.drug", "\"ondansetron\"");
  EXPECT_EQ(scalar("order.drug").symbol, ondansetron_);
  EXPECT_EQ(scalar("order.drug").text, "ondansetron");
}

// The units index holds normalised spellings; any other spelling is
// normalised (or refused) before it is looked up.
TEST_F(DecodeTest, UnitsAreNormalisedOrRefusedBeforeTheyAreLookedUp) {
  EXPECT_EQ(base_value("order.dose", 2, "\xEF\xBD\x8D\xEF\xBD\x87"), 2);  // full-width mg
  EXPECT_EQ(base_value("order.dose", 2, " mg "), 2);
  EXPECT_EQ(base_value("order.dose", 2, "g"), 2000);
  decode_at("order.dose", quantity(2, "m\xE2\x80\xAEg"));  // a bidirectional control
  ASSERT_EQ(facts_.problems.size(), 1u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "order.dose.unit");
  EXPECT_NE(facts_.problems[0].message.find("is refused"), std::string::npos) << problem_text();
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, ChoicesMatchCaseInsensitivelyAndStoreTheCanonicalSpelling) {
  const schema::Field& status = field("response.status");
  decode_at("response.status", "\"cr\"");
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(scalar("response.status").text, "CR");
  EXPECT_EQ(scalar("response.status").text.data(), status.choices[0].data());
  EXPECT_EQ(scalar("response.status").symbol, cr_);
  decode_at("response.status", "\"CRI\"");
  EXPECT_EQ(scalar("response.status").text, "CRi");
  EXPECT_EQ(scalar("response.status").symbol, kUnknownSymbol);  // no rule interned it
  EXPECT_EQ(scalar("response.status").presence, Presence::kPresent);
  decode_at("response.status", "\" None\"");
  EXPECT_EQ(scalar("response.status").text, "none");
}

TEST_F(DecodeTest, UnknownChoiceListsTheChoices) {
  decode_at("response.status", "\"VGPR\"");
  expect_problem("response.status",
                 "unknown value 'VGPR'; expected one of CR, CRi, PR, SD, PD or none");
  EXPECT_EQ(scalar("response.status").presence, Presence::kInvalid);
  decode_at("history.toxicities", R"([{"type": "rash"}])");
  expect_problem(
      "history.toxicities[0].type",
      "unknown value 'rash'; expected one of vod, sos, hepatotoxicity, infusion-reaction, "
      "nonhematologic, neutropenia, thrombocytopenia, crs, neurotoxicity, seizure, pancreatitis, "
      "tumor-lysis or other");
}

TEST_F(DecodeTest, LongStringsAreProblems) {
  RequestDecoder small({.max_string_bytes = 8});
  const DecodeResult result = small.decode(R"({"order": {"route": "intravenous", "drug": "12345678"}, "unknown": "0123456789"})", base_schema(), symbols_, kNow, facts_);
  ASSERT_EQ(result.status, DecodeStatus::kOk);
  expect_problem("order.route", "the text is 11 bytes, longer than the limit of 8 bytes");
  EXPECT_EQ(scalar("order.route").presence, Presence::kInvalid);
  EXPECT_EQ(scalar("order.drug").presence, Presence::kPresent);
}

// --- Lists -----------------------------------------------------------------

TEST_F(DecodeTest, RecordCellsFollowTheMemberColumns) {
  decode_at("premedications", R"([{"given_at": "2026-03-10", "drug": "ondansetron"}, {}])");
  const FactList& premedications = list("premedications");
  EXPECT_EQ(premedications.presence, Presence::kPresent);
  EXPECT_EQ(premedications.count, 2u);
  const auto width = static_cast<uint32_t>(base_schema().members(base_schema().find("premedications")).size());
  EXPECT_EQ(premedications.width, width);
  ASSERT_EQ(premedications.cells.size(), 2 * width);
  const uint16_t drug = field("premedications[].drug").slot;
  const uint16_t given_at = field("premedications[].given_at").slot;
  EXPECT_EQ(premedications.cells[drug].symbol, ondansetron_);
  EXPECT_EQ(premedications.cells[given_at].number, kMarch10);
  EXPECT_EQ(premedications.cells[width + drug].presence, Presence::kAbsent);
  EXPECT_EQ(premedications.cells[width + given_at].presence, Presence::kAbsent);
}

TEST_F(DecodeTest, EmptyListIsPresent) {
  decode_at("medications", "[]");
  EXPECT_EQ(list("medications").presence, Presence::kPresent);
  EXPECT_EQ(list("medications").count, 0u);
}

TEST_F(DecodeTest, NonObjectRecordIsAProblemAtItsIndex) {
  decode_at("medications", R"([{"drug": "ondansetron"}, "fluconazole", null, {"drug": "x"}])");
  ASSERT_EQ(facts_.problems.size(), 2u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "medications[1]");
  EXPECT_EQ(facts_.problems[0].message, "expected an object, got a string");
  EXPECT_EQ(facts_.problems[1].path, "medications[2]");
  EXPECT_EQ(facts_.problems[1].message, "expected an object, got null");
  const FactList& medications = list("medications");
  EXPECT_EQ(medications.count, 4u);
  EXPECT_EQ(medications.cell(0, 0).presence, Presence::kPresent);
  EXPECT_EQ(medications.cell(1, 0).presence, Presence::kInvalid);
  EXPECT_EQ(medications.cell(2, 0).presence, Presence::kInvalid);
  EXPECT_EQ(medications.cell(3, 0).text, "x");
}

TEST_F(DecodeTest, ProblemsInRecordsNameTheRow) {
  decode_at("history", R"({"toxicities": [{"type": "vod", "grade": 3}, {"type": "sos", "grade": 7}],
                           "administrations": [{}, {"dose": {"value": 1, "unit": "mL"}}]})");
  ASSERT_EQ(facts_.problems.size(), 2u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "history.toxicities[1].grade");
  EXPECT_EQ(facts_.problems[0].message, "7 is out of range; expected 1 to 5");
  EXPECT_EQ(facts_.problems[1].path, "history.administrations[1].dose.unit");
  EXPECT_EQ(cell("history.toxicities", 0, "grade").number, 3);
  EXPECT_EQ(cell("history.toxicities", 1, "grade").presence, Presence::kInvalid);
  EXPECT_EQ(cell("history.administrations", 1, "dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, CodeListElements) {
  decode_at("patient.conditions", R"(["Gilbert-Syndrome", 5, "", "hemolysis"])");
  ASSERT_EQ(facts_.problems.size(), 2u) << problem_text();
  EXPECT_EQ(facts_.problems[0].path, "patient.conditions[1]");
  EXPECT_EQ(facts_.problems[0].message, "expected a code, got a number");
  EXPECT_EQ(facts_.problems[1].path, "patient.conditions[2]");
  EXPECT_EQ(facts_.problems[1].message, "empty; expected a code");
  const FactList& conditions = list("patient.conditions");
  EXPECT_EQ(conditions.presence, Presence::kPresent);
  EXPECT_EQ(conditions.count, 4u);
  EXPECT_EQ(conditions.width, 1u);
  EXPECT_EQ(conditions.cell(0, 0).symbol, gilbert_);
  EXPECT_EQ(conditions.cell(1, 0).presence, Presence::kInvalid);
  EXPECT_EQ(conditions.cell(3, 0).text, "hemolysis");
}

TEST_F(DecodeTest, TooManyListItemsIsAProblem) {
  RequestDecoder small({.max_list_items = 2});
  ASSERT_EQ(small
                .decode(R"({"medications": [{}, {}], "patient": {"conditions": ["a", "b", "c"]}})", base_schema(), symbols_, kNow, facts_)
                .status,
            DecodeStatus::kOk);
  expect_problem("patient.conditions", "the list has 3 items, more than the limit of 2");
  EXPECT_EQ(list("patient.conditions").presence, Presence::kInvalid);
  EXPECT_EQ(list("patient.conditions").count, 0u);
  EXPECT_EQ(list("medications").count, 2u);
}

TEST_F(DecodeTest, ThousandItemsAreTheDefaultLimit) {
  std::string items;
  for (int i = 0; i < 1000; ++i) items += i == 0 ? "{}" : ",{}";
  decode_at("medications", "[" + items + "]");
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(list("medications").count, 1000u);
  decode_at("medications", "[" + items + ",{}]");
  expect_problem("medications", "the list has 1001 items, more than the limit of 1000");
}

TEST_F(DecodeTest, ArrayWhereAnObjectIsExpected) {
  ASSERT_EQ(decode(R"({"patient": [{"weight": {"value": 70, "unit": "kg"}}]})").status,
            DecodeStatus::kOk);
  expect_problem("patient", "expected an object, got an array");
  EXPECT_EQ(scalar("patient.weight").presence, Presence::kInvalid);
  EXPECT_EQ(list("patient.conditions").presence, Presence::kInvalid);
  decode_at("labs", "\"normal\"");
  expect_problem("labs", "expected an object, got a string");
  EXPECT_EQ(scalar("labs.anc.uln").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, ObjectWhereAnArrayIsExpected) {
  decode_at("medications", R"({"drug": "ondansetron"})");
  expect_problem("medications", "expected an array, got an object");
  EXPECT_EQ(list("medications").presence, Presence::kInvalid);
  decode_at("patient.conditions", "\"gilbert-syndrome\"");
  expect_problem("patient.conditions", "expected an array, got a string");
}

// --- Duplicate keys --------------------------------------------------------

constexpr std::string_view kDuplicate = "duplicate key: the request gives this member twice";

TEST_F(DecodeTest, DuplicateValueKeyIsAProblem) {
  decode_at("order",
            R"({"dose": {"value": 1, "unit": "mg"}, "dose": {"value": 1000, "unit": "mg"}})");
  expect_problem("order.dose", kDuplicate);
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, DuplicateIsAProblemEvenWithTheSameValue) {
  decode_at("order", R"({"cycle": 2, "cycle": 2})");
  expect_problem("order.cycle", kDuplicate);
  EXPECT_EQ(scalar("order.cycle").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, DuplicateObjectInvalidatesEverythingUnderIt) {
  ASSERT_EQ(decode(R"({"patient": {"weight": {"value": 70, "unit": "kg"}, "sex": "female"},
                       "patient": {"weight": {"value": 7, "unit": "kg"}}})")
                .status,
            DecodeStatus::kOk);
  expect_problem("patient", kDuplicate);
  EXPECT_EQ(scalar("patient.weight").presence, Presence::kInvalid);
  EXPECT_EQ(scalar("patient.sex").presence, Presence::kInvalid);
  EXPECT_EQ(list("patient.conditions").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, DuplicateInsideAQuantity) {
  decode_at("order.dose", R"({"value": 1, "unit": "mg", "value": 10})");
  expect_problem("order.dose.value", kDuplicate);
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
  decode_at("order.dose", R"({"value": 1, "unit": "mg", "unit": "g"})");
  expect_problem("order.dose.unit", kDuplicate);
  EXPECT_EQ(scalar("order.dose").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, DuplicateLabLimit) {
  decode_at("labs.ast", R"({"value": 35, "unit": "U/L", "uln": 40, "uln": 400})");
  expect_problem("labs.ast.uln", kDuplicate);
  EXPECT_EQ(scalar("labs.ast").presence, Presence::kPresent);
  EXPECT_EQ(scalar("labs.ast.uln").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, DuplicateListAndRecordMember) {
  decode_at("medications", R"([{"drug": "ondansetron", "drug": "fluconazole"}])");
  expect_problem("medications[0].drug", kDuplicate);
  EXPECT_EQ(cell("medications", 0, "drug").presence, Presence::kInvalid);
  ASSERT_EQ(decode(R"({"medications": [], "medications": [{"drug": "x"}]})").status,
            DecodeStatus::kOk);
  expect_problem("medications", kDuplicate);
  EXPECT_EQ(list("medications").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, DuplicateUnknownKeysAreIgnored) {
  ASSERT_EQ(decode(R"({"note": 1, "note": 2})").status, DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty());
}

// --- Mosteller BSA ---------------------------------------------------------

TEST_F(DecodeTest, BsaIsComputedWhenAbsent) {
  decode_at("patient",
            R"({"height": {"value": 175, "unit": "cm"}, "weight": {"value": 70, "unit": "kg"}})");
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_TRUE(bsa_derived());
  EXPECT_EQ(scalar("patient.bsa").presence, Presence::kPresent);
  EXPECT_DOUBLE_EQ(scalar("patient.bsa").number, std::sqrt(175.0 * 70.0 / 3600) * 1e6);
  EXPECT_NEAR(scalar("patient.bsa").number / 1e6, 1.8446, 1e-4);
}

TEST_F(DecodeTest, BsaFromPoundsAndInchesIsTheSame) {
  decode_at("patient",
            R"({"height": {"value": 175, "unit": "cm"}, "weight": {"value": 70, "unit": "kg"}})");
  const double metric = scalar("patient.bsa").number;
  decode_at("patient", "{\"height\": " + quantity(175 / 2.54, "in") +
                           ", \"weight\": " + quantity(70 / 0.45359237, "lb") + "}");
  EXPECT_TRUE(bsa_derived());
  EXPECT_NEAR(scalar("patient.bsa").number, metric, metric * 1e-6);
}

TEST_F(DecodeTest, GivenBsaIsKept) {
  decode_at("patient",
            R"({"height": {"value": 175, "unit": "cm"}, "weight": {"value": 70, "unit": "kg"},
                           "bsa": {"value": 1.9, "unit": "m^2"}})");
  EXPECT_FALSE(bsa_derived());
  EXPECT_EQ(scalar("patient.bsa").number, 1.9e6);
}

TEST_F(DecodeTest, InvalidBsaIsNotReplaced) {
  decode_at("patient",
            R"({"height": {"value": 175, "unit": "cm"}, "weight": {"value": 70, "unit": "kg"},
                           "bsa": 1.9})");
  expect_problem("patient.bsa", kBareNumber);
  EXPECT_FALSE(bsa_derived());
  EXPECT_EQ(scalar("patient.bsa").presence, Presence::kInvalid);
}

TEST_F(DecodeTest, BsaNeedsValidHeightAndWeight) {
  decode_at("patient", R"({"height": {"value": 175, "unit": "cm"}})");
  EXPECT_FALSE(bsa_derived());
  EXPECT_EQ(scalar("patient.bsa").presence, Presence::kAbsent);
  decode_at("patient",
            R"({"height": {"value": 175, "unit": "cm"}, "weight": {"value": 70, "unit": "kilo"}})");
  EXPECT_FALSE(bsa_derived());
  EXPECT_EQ(scalar("patient.bsa").presence, Presence::kAbsent);
}

// --- Text that is not a request --------------------------------------------

TEST_F(DecodeTest, NotJson) {
  const DecodeResult result = decode("not json");
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error, "request is not valid JSON: expected a value at byte 0");
}

TEST_F(DecodeTest, SyntaxErrorNamesTheByte) {
  const DecodeResult result = decode(R"({"id": "x",})");
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error, "request is not valid JSON: expected a string key at byte 11");
}

TEST_F(DecodeTest, TruncatedRequest) {
  const std::string_view half = kExample.substr(0, kExample.find("\"labs\""));  // after a ',
  const DecodeResult result = decode(half);
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error,
            "request is not valid JSON: the text ends before the JSON value does at byte " +
                std::to_string(half.size()));
}

TEST_F(DecodeTest, InvalidUtf8) {
  const DecodeResult result = decode("{\"id\": \"caf\xE9\"}");
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error, "request is not valid JSON: the text is not valid UTF-8 at byte 11");
}

TEST_F(DecodeTest, NumberOutOfRange) {
  const DecodeResult result = decode(R"({"order": {"cycle": 1e400}})");
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error, "request is not valid JSON: the number is out of range at byte 20");
}

TEST_F(DecodeTest, EmptyRequest) {
  EXPECT_EQ(decode("").error, "request is empty");
  EXPECT_EQ(decode(" \n").status, DecodeStatus::kNotAnObject);
}

TEST_F(DecodeTest, TopLevelMustBeAnObject) {
  EXPECT_EQ(decode("[{}]").error, "request must be a JSON object, not an array");
  EXPECT_EQ(decode("42").error, "request must be a JSON object, not a number");
  EXPECT_EQ(decode("\"{}\"").error, "request must be a JSON object, not a string");
  EXPECT_EQ(decode("null").error, "request must be a JSON object, not null");
  EXPECT_EQ(decode("true").status, DecodeStatus::kNotAnObject);
}

// An object holding arrays nested `depth` levels deep in all.
std::string nested_arrays(std::size_t depth) {
  return "{\"x\": " + std::string(depth - 1, '[') + "1" + std::string(depth - 1, ']') + "}";
}

TEST_F(DecodeTest, DepthLimit) {
  EXPECT_EQ(decode(nested_arrays(64)).status, DecodeStatus::kOk);
  const DecodeResult result = decode(nested_arrays(65));
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error,
            "request nests arrays and objects deeper than the limit of 64 at byte 69");

  RequestDecoder shallow({.max_depth = 3});
  EXPECT_EQ(shallow.decode(R"({"order": {"dose": {}}})", base_schema(), symbols_, kNow, facts_).status,
            DecodeStatus::kOk);
  EXPECT_EQ(shallow.decode(R"({"order": {"dose": {"value": [1]}}})", base_schema(), symbols_, kNow, facts_).status,
            DecodeStatus::kNotAnObject);
  // An empty [] or {} opens no level (simdjson's rule, which the limit follows).
  EXPECT_EQ(shallow.decode(R"({"order": {"dose": {"value": []}}})", base_schema(), symbols_, kNow, facts_).status,
            DecodeStatus::kOk);
}

TEST_F(DecodeTest, SizeLimit) {
  RequestDecoder small({.max_request_bytes = 100});
  const std::string fits = "{\"x\": \"" + std::string(100 - 9, 'a') + "\"}";
  ASSERT_EQ(fits.size(), 100u);
  EXPECT_EQ(small.decode(fits, base_schema(), symbols_, kNow, facts_).status, DecodeStatus::kOk);
  const DecodeResult result = small.decode(fits + " ", base_schema(), symbols_, kNow, facts_);
  EXPECT_EQ(result.status, DecodeStatus::kNotAnObject);
  EXPECT_EQ(result.error, "request is 101 bytes, larger than the limit of 100 bytes");
}

TEST_F(DecodeTest, DefaultSizeLimitIsOneMebibyte) {
  std::string big = "{\"x\": \"" + std::string((1 << 20) - 9, 'a') + "\"}";
  EXPECT_EQ(decode(big).status, DecodeStatus::kOk);
  big += ' ';
  EXPECT_EQ(decode(big).status, DecodeStatus::kNotAnObject);
}

// --- Reuse -----------------------------------------------------------------

TEST_F(DecodeTest, DecoderRecoversAfterARefusedRequest) {
  ASSERT_EQ(decode("{\"id\": ").status, DecodeStatus::kNotAnObject);
  ASSERT_EQ(decode(kExample).status, DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(facts_.id, "ord-2026-000123");
}

TEST_F(DecodeTest, DecodingResetsTheFacts) {
  ASSERT_EQ(decode(kExample).status, DecodeStatus::kOk);
  decode_at("order.dose", "5");
  EXPECT_EQ(facts_.problems.size(), 1u);
  EXPECT_FALSE(facts_.has_id);
  EXPECT_EQ(scalar("patient.weight").presence, Presence::kAbsent);
  EXPECT_EQ(list("premedications").presence, Presence::kAbsent);
  EXPECT_EQ(list("premedications").count, 0u);
}

TEST_F(DecodeTest, RequestsLargerThanTheFirstBufferAreDecoded) {
  const std::string padding = "\"pad\": \"" + std::string(200000, 'p') + "\", ";
  const std::string big = "{" + padding + std::string(kExample.substr(1));
  ASSERT_EQ(decode(big).status, DecodeStatus::kOk);
  EXPECT_TRUE(facts_.problems.empty());
  EXPECT_EQ(scalar("labs.anc").number, 1200);
  ASSERT_EQ(decode(kExample).status, DecodeStatus::kOk);
  EXPECT_EQ(facts_.id, "ord-2026-000123");
}

TEST_F(DecodeTest, SteadyStateDecodingDoesNotAllocate) {
  ASSERT_EQ(decode(kExample).status, DecodeStatus::kOk);  // sizes the facts' vectors
  const long before = g_allocations.load();
  for (int i = 0; i < 10; ++i) {
    const DecodeResult result = decode(kExample);
    ASSERT_EQ(result.status, DecodeStatus::kOk);
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  // The counter is live: a problem's path and message are allocated.
  decode_at("order.dose", "5");
  EXPECT_GT(g_allocations.load() - before, 0);
}

TEST_F(DecodeTest, DecoderCanBeMoved) {
  RequestDecoder moved(std::move(decoder_));
  ASSERT_EQ(moved.decode(kExample, base_schema(), symbols_, kNow, facts_).status, DecodeStatus::kOk);
  EXPECT_EQ(moved.limits().max_depth, 64u);
  decoder_ = std::move(moved);
  EXPECT_EQ(decode(kExample).status, DecodeStatus::kOk);
}

}  // namespace
}  // namespace rxr::io
