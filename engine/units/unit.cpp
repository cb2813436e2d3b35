#include "units/unit.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include "text/name_policy.h"

namespace rxr::units {
namespace {

// Base units: mg, mm, s, mmol, cells, U, mEq. Factors are chosen so that the
// conversions pharmacists check at boundaries stay exact in binary floating
// point (1 x10^9/L = 1000 /mm3 exactly).
constexpr double kMm3PerLitre = 1e6;
constexpr double kMm2PerM2 = 1e6;
constexpr double kSecondsPerHour = 3600;
constexpr double kSecondsPerDay = 86400;
constexpr double kSecondsPerJulianYear = 365.25 * kSecondsPerDay;  // UCUM 'a'

constexpr Unit kMg{"mg", dims::kMass, 1};
constexpr Unit kMcg{"mcg", dims::kMass, 1e-3};  // shown as mcg, never ug, which reads as mg
constexpr Unit kMicrometre{"um", dims::kLength, 1e-3};
constexpr Unit kSquareMetre{"m2", dims::kArea, kMm2PerM2};
constexpr Unit kYear{"a", dims::kTime, kSecondsPerJulianYear};
constexpr Unit kCellsPerMm3{"/mm3", dims::kCellCount, 1};
constexpr Unit kGigaPerLitre{"10*9/L", dims::kCellCount, 1e9 / kMm3PerLitre};
constexpr Unit kMgPerDl{"mg/dL", dims::kMassConcentration, 1 / (kMm3PerLitre / 10)};
constexpr Unit kMmolPerLitre{"mmol/L", dims::kAmountConcentration, 1 / kMm3PerLitre};
constexpr Unit kUmolPerLitre{"umol/L", dims::kAmountConcentration, 1e-3 / kMm3PerLitre};
constexpr Unit kMeqPerLitre{"mEq/L", dims::kEquivalentConcentration, 1 / kMm3PerLitre};
constexpr Unit kUnitsPerLitre{"U/L", dims::kEnzymeActivity, 1 / kMm3PerLitre};
constexpr Unit kMl{"mL", dims::kVolume, 1e3};
constexpr Unit kMgPerM2{"mg/m2", dims::kDosePerArea, 1 / kMm2PerM2};
constexpr Unit kMcgPerM2{"mcg/m2", dims::kDosePerArea, 1e-3 / kMm2PerM2};
constexpr Unit kMcgPerDay{"mcg/d", dims::kMassPerTime, 1e-3 / kSecondsPerDay};
constexpr Unit kMgPerDay{"mg/d", dims::kMassPerTime, 1 / kSecondsPerDay};
constexpr Unit kMcgPerM2PerDay{"mcg/m2/d", dims::kDosePerAreaPerTime, 1e-3 / kMm2PerM2 / kSecondsPerDay};
constexpr Unit kMlPerHour{"mL/h", dims::kVolumePerTime, 1e3 / kSecondsPerHour};

// The spellings of the request contract (request-response.md) and rule
// literals. For each dimension, the first spelling that is its unit's own
// symbol is how values of that dimension are shown (DisplayUnits), unless a
// field or a literal says otherwise. NFKC turns the micro sign µ into the
// Greek μ (U+03BC) before lookup, so μ spellings cover both.
constexpr std::array kGeneric{
    // mass
    UnitSpelling{"mg", kMg},
    UnitSpelling{"g", {"g", dims::kMass, 1e3}},
    UnitSpelling{"kg", {"kg", dims::kMass, 1e6}},
    UnitSpelling{"mcg", kMcg},
    UnitSpelling{"ug", kMcg},
    UnitSpelling{"\xCE\xBCg", kMcg},
    UnitSpelling{"lb", {"lb", dims::kMass, 453592.37}},
    // length
    UnitSpelling{"cm", {"cm", dims::kLength, 10}},
    UnitSpelling{"mm", {"mm", dims::kLength, 1}},
    UnitSpelling{"m", {"m", dims::kLength, 1e3}},
    UnitSpelling{"in", {"in", dims::kLength, 25.4}},
    UnitSpelling{"um", kMicrometre},
    UnitSpelling{"\xCE\xBCm", kMicrometre},
    // body surface
    UnitSpelling{"m2", kSquareMetre},
    UnitSpelling{"m^2", kSquareMetre},
    // time
    UnitSpelling{"a", kYear},
    UnitSpelling{"y", kYear},
    UnitSpelling{"year", kYear},
    UnitSpelling{"mo", {"mo", dims::kTime, kSecondsPerJulianYear / 12}},
    UnitSpelling{"wk", {"wk", dims::kTime, 7 * kSecondsPerDay}},
    UnitSpelling{"d", {"d", dims::kTime, kSecondsPerDay}},
    UnitSpelling{"h", {"h", dims::kTime, kSecondsPerHour}},
    UnitSpelling{"min", {"min", dims::kTime, 60}},
    UnitSpelling{"s", {"s", dims::kTime, 1}},
    UnitSpelling{"ms", {"ms", dims::kTime, 1e-3}},
    // cell counts
    UnitSpelling{"/mm3", kCellsPerMm3},
    UnitSpelling{"/uL", kCellsPerMm3},
    UnitSpelling{"cells/uL", kCellsPerMm3},
    UnitSpelling{"/\xCE\xBCL", kCellsPerMm3},
    UnitSpelling{"cells/\xCE\xBCL", kCellsPerMm3},
    UnitSpelling{"10*9/L", kGigaPerLitre},
    UnitSpelling{"10^9/L", kGigaPerLitre},
    UnitSpelling{"x10^9/L", kGigaPerLitre},
    UnitSpelling{"x10*9/L", kGigaPerLitre},
    UnitSpelling{"G/L", kGigaPerLitre},
    // concentrations
    UnitSpelling{"mg/dL", kMgPerDl},
    UnitSpelling{"mg/dl", kMgPerDl},
    UnitSpelling{"mg/mL", {"mg/mL", dims::kMassConcentration, 1e-3}},
    UnitSpelling{"mcg/mL", {"mcg/mL", dims::kMassConcentration, 1e-6}},
    UnitSpelling{"ug/mL", {"mcg/mL", dims::kMassConcentration, 1e-6}},
    UnitSpelling{"mmol/L", kMmolPerLitre},
    UnitSpelling{"mmol/l", kMmolPerLitre},
    UnitSpelling{"umol/L", kUmolPerLitre},
    UnitSpelling{"umol/l", kUmolPerLitre},
    UnitSpelling{"\xCE\xBCmol/L", kUmolPerLitre},
    UnitSpelling{"mEq/L", kMeqPerLitre},
    UnitSpelling{"mEq/l", kMeqPerLitre},
    UnitSpelling{"meq/L", kMeqPerLitre},
    UnitSpelling{"U/L", kUnitsPerLitre},
    UnitSpelling{"U/l", kUnitsPerLitre},
    UnitSpelling{"IU/L", kUnitsPerLitre},
    // volume
    UnitSpelling{"mL", kMl},
    UnitSpelling{"ml", kMl},
    UnitSpelling{"L", {"L", dims::kVolume, kMm3PerLitre}},
    // dose per body surface
    UnitSpelling{"mg/m2", kMgPerM2},
    UnitSpelling{"mg/m^2", kMgPerM2},
    UnitSpelling{"mcg/m2", kMcgPerM2},
    UnitSpelling{"ug/m2", kMcgPerM2},
    UnitSpelling{"ug/m^2", kMcgPerM2},
    UnitSpelling{"\xCE\xBCg/m2", kMcgPerM2},
    // dose per time, for continuous infusions
    UnitSpelling{"mcg/d", kMcgPerDay},
    UnitSpelling{"ug/d", kMcgPerDay},
    UnitSpelling{"mcg/day", kMcgPerDay},
    UnitSpelling{"\xCE\xBCg/d", kMcgPerDay},
    UnitSpelling{"mg/d", kMgPerDay},
    UnitSpelling{"mg/day", kMgPerDay},
    // dose per body surface per time
    UnitSpelling{"mcg/m2/d", kMcgPerM2PerDay},
    UnitSpelling{"ug/m2/d", kMcgPerM2PerDay},
    UnitSpelling{"mcg/m2/day", kMcgPerM2PerDay},
    UnitSpelling{"\xCE\xBCg/m2/d", kMcgPerM2PerDay},
    // volume per time: pump rates
    UnitSpelling{"mL/h", kMlPerHour},
    UnitSpelling{"ml/h", kMlPerHour},
    // plain numbers
    UnitSpelling{"%", {"%", dims::kNone, 0.01}},
};

// The spellings in an open-addressing table, built once: the decoder looks
// a unit up for every quantity of every request, and a hash of length, first
// and last byte, then one compare, beats a binary search of string compares
// (measured: docs/performance.md).
class SpellingIndex {
 public:
  SpellingIndex() {
    slots_.fill(kEmpty);
    for (std::size_t i = 0; i < kGeneric.size(); ++i) {
      std::size_t probe = hash(kGeneric[i].spelling);
      while (slots_[probe] != kEmpty) probe = (probe + 1) % kSlots;
      slots_[probe] = static_cast<uint8_t>(i);
    }
  }

  const UnitSpelling* find(std::string_view spelling) const {
    if (spelling.empty()) return nullptr;
    for (std::size_t probe = hash(spelling);; probe = (probe + 1) % kSlots) {
      if (slots_[probe] == kEmpty) return nullptr;
      const UnitSpelling& candidate = kGeneric[slots_[probe]];
      if (candidate.spelling == spelling) return &candidate;
    }
  }

 private:
  static constexpr std::size_t kSlots = 512;  // a quarter full at most: probes stay short
  static constexpr uint8_t kEmpty = 0xFF;
  static_assert(kGeneric.size() * 4 <= kSlots && kGeneric.size() < kEmpty);

  static std::size_t hash(std::string_view s) {
    const auto first = static_cast<unsigned char>(s.front());
    const auto last = static_cast<unsigned char>(s.back());
    return (s.size() * 61 + first * 7 + last * 3) % kSlots;
  }

  std::array<uint8_t, kSlots> slots_;
};

// The first canonical spelling listed for each dimension: its display unit.
class DisplayUnits {
 public:
  DisplayUnits() {
    for (const UnitSpelling& entry : kGeneric) {
      const bool canonical = entry.spelling == entry.unit.symbol;
      if (canonical && !find_listed(entry.unit.dimension)) units_[count_++] = entry.unit;
    }
  }

  Unit find(const Dimension& dimension) const {
    if (const Unit* listed = find_listed(dimension)) return *listed;
    return {"", dimension, 1};
  }

 private:
  const Unit* find_listed(const Dimension& dimension) const {
    for (std::size_t i = 0; i < count_; ++i) {
      if (units_[i].dimension == dimension) return &units_[i];
    }
    return nullptr;
  }

  std::array<Unit, kGeneric.size()> units_{};
  std::size_t count_ = 0;
};

}  // namespace

std::span<const UnitSpelling> unit_spellings() { return kGeneric; }

std::optional<Unit> find_unit(std::string_view written) {
  // Nearly every unit is plain ASCII, which the text policy leaves alone.
  std::string_view spelling = written;
  if (!text::is_normalized_unit(written)) {
    thread_local std::string normalized;
    if (text::normalize_unit(written, normalized).refused()) return std::nullopt;
    spelling = normalized;
  }
  return find_normalized_unit(spelling);
}

std::optional<Unit> find_normalized_unit(std::string_view normalized) {
  static const SpellingIndex index;
  if (const UnitSpelling* found = index.find(normalized)) return found->unit;
  return std::nullopt;
}

bool is_unit_word(std::string_view word) {
  for (const UnitSpelling& entry : kGeneric) {
    const std::string_view s = entry.spelling;
    if (s.size() != word.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < s.size() && same; ++i) {
      const char c = s[i];
      same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == word[i];
    }
    if (same) return true;
  }
  return false;
}

Unit display_unit(const Dimension& dimension, double base_value) {
  if (dimension == dims::kTime) {
    const double magnitude = std::fabs(base_value);
    if (magnitude >= kSecondsPerDay) return {"d", dims::kTime, kSecondsPerDay};
    if (magnitude >= kSecondsPerHour) return {"h", dims::kTime, kSecondsPerHour};
    if (magnitude >= 60) return {"min", dims::kTime, 60};
    if (magnitude >= 1 || magnitude == 0) return {"s", dims::kTime, 1};
    return {"ms", dims::kTime, 1e-3};
  }
  if (dimension.dimensionless()) return {"", dimension, 1};
  // Shown facts ask for this on every request: the candidates are gathered once.
  static const DisplayUnits candidates;
  return candidates.find(dimension);
}

std::string_view example_units(const Dimension& d) {
  if (d == dims::kMass) return "mg, g, kg, mcg or lb";
  if (d == dims::kLength) return "cm, m, in or um";
  if (d == dims::kArea) return "m2";
  if (d == dims::kTime) return "a, mo, wk, d, h, min, s or ms";
  if (d == dims::kCellCount) return "10*9/L or /mm3";
  if (d == dims::kMassConcentration) return "mg/dL";
  if (d == dims::kAmountConcentration) return "mmol/L";
  if (d == dims::kEquivalentConcentration) return "mEq/L";
  if (d == dims::kEnzymeActivity) return "U/L";
  if (d == dims::kVolume) return "mL or L";
  if (d == dims::kDosePerArea) return "mg/m2 or mcg/m2";
  if (d == dims::kMassPerTime) return "mcg/d or mg/d";
  if (d == dims::kDosePerAreaPerTime) return "mcg/m2/d";
  if (d == dims::kVolumePerTime) return "mL/h";
  if (d.dimensionless()) return "a plain number or %";
  return "a unit of the right dimension";
}

}  // namespace rxr::units
