#include "units/unit.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include "text/name_policy.h"

namespace rxr::units {
namespace {

struct Spelling {
  std::string_view spelling;
  Unit unit;
};

// Base units: mg, mm, s, mmol, cells, U. Factors are chosen so that the
// conversions pharmacists check at boundaries stay exact in binary floating
// point (1 x10^9/L = 1000 /mm3 exactly).
constexpr double kMm3PerLitre = 1e6;
constexpr double kSecondsPerDay = 86400;
constexpr double kSecondsPerJulianYear = 365.25 * kSecondsPerDay;  // UCUM 'a'

// Analyte-specific conversion facts from the request contract.
constexpr double kBilirubinUmolPerMgDl = 17.1;
constexpr double kMagnesiumMgDlPerMmol = 2.43;
constexpr double kMagnesiumValence = 2;  // 1 mmol/L Mg2+ = 2 mEq/L

constexpr Unit kMg{"mg", dims::kMass, 1};
constexpr Unit kUg{"ug", dims::kMass, 1e-3};
constexpr Unit kCellsPerMm3{"/mm3", dims::kCellCount, 1};
constexpr Unit kGigaPerLitre{"10*9/L", dims::kCellCount, 1e9 / kMm3PerLitre};
constexpr Unit kMgPerDl{"mg/dL", dims::kMassConcentration, 1 / (kMm3PerLitre / 10)};
constexpr Unit kMmolPerLitre{"mmol/L", dims::kAmountConcentration, 1 / kMm3PerLitre};
constexpr Unit kUmolPerLitre{"umol/L", dims::kAmountConcentration, 1e-3 / kMm3PerLitre};
constexpr Unit kUnitsPerLitre{"U/L", dims::kEnzymeActivity, 1 / kMm3PerLitre};
constexpr Unit kSquareMetre{"m2", dims::kArea, 1e6};
constexpr Unit kYear{"a", dims::kTime, kSecondsPerJulianYear};
constexpr Unit kMgPerM2{"mg/m2", dims::kDosePerArea, 1 / 1e6};
constexpr Unit kUgPerM2{"ug/m2", dims::kDosePerArea, 1e-3 / 1e6};

constexpr std::array kGeneric{
    // mass
    Spelling{"mg", kMg},
    Spelling{"g", {"g", dims::kMass, 1e3}},
    Spelling{"kg", {"kg", dims::kMass, 1e6}},
    Spelling{"ug", kUg},
    Spelling{"mcg", kUg},
    Spelling{"\xCE\xBCg", kUg},  // μg: NFKC turns the micro sign µ into the Greek μ
    Spelling{"lb", {"lb", dims::kMass, 453592.37}},
    // length
    Spelling{"cm", {"cm", dims::kLength, 10}},
    Spelling{"mm", {"mm", dims::kLength, 1}},
    Spelling{"m", {"m", dims::kLength, 1e3}},
    Spelling{"in", {"in", dims::kLength, 25.4}},
    // body surface
    Spelling{"m2", kSquareMetre},
    Spelling{"m^2", kSquareMetre},
    // time
    Spelling{"a", kYear},
    Spelling{"y", kYear},
    Spelling{"year", kYear},
    Spelling{"mo", {"mo", dims::kTime, kSecondsPerJulianYear / 12}},
    Spelling{"wk", {"wk", dims::kTime, 7 * kSecondsPerDay}},
    Spelling{"d", {"d", dims::kTime, kSecondsPerDay}},
    Spelling{"h", {"h", dims::kTime, 3600}},
    Spelling{"min", {"min", dims::kTime, 60}},
    Spelling{"s", {"s", dims::kTime, 1}},
    Spelling{"ms", {"ms", dims::kTime, 1e-3}},
    // cell counts
    Spelling{"/mm3", kCellsPerMm3},
    Spelling{"/uL", kCellsPerMm3},
    Spelling{"cells/uL", kCellsPerMm3},
    Spelling{"/\xCE\xBCL", kCellsPerMm3},
    Spelling{"cells/\xCE\xBCL", kCellsPerMm3},
    Spelling{"10*9/L", kGigaPerLitre},
    Spelling{"10^9/L", kGigaPerLitre},
    Spelling{"x10^9/L", kGigaPerLitre},
    Spelling{"x10*9/L", kGigaPerLitre},
    Spelling{"G/L", kGigaPerLitre},
    // concentrations
    Spelling{"mg/dL", kMgPerDl},
    Spelling{"mg/dl", kMgPerDl},
    Spelling{"mg/mL", {"mg/mL", dims::kMassConcentration, 1e-3}},
    Spelling{"mmol/L", kMmolPerLitre},
    Spelling{"mmol/l", kMmolPerLitre},
    Spelling{"umol/L", kUmolPerLitre},
    Spelling{"umol/l", kUmolPerLitre},
    Spelling{"\xCE\xBCmol/L", kUmolPerLitre},
    Spelling{"U/L", kUnitsPerLitre},
    Spelling{"U/l", kUnitsPerLitre},
    Spelling{"IU/L", kUnitsPerLitre},
    // volume
    Spelling{"mL", {"mL", dims::kVolume, 1e3}},
    Spelling{"ml", {"mL", dims::kVolume, 1e3}},
    Spelling{"L", {"L", dims::kVolume, kMm3PerLitre}},
    // dose per body surface
    Spelling{"mg/m2", kMgPerM2},
    Spelling{"mg/m^2", kMgPerM2},
    Spelling{"ug/m2", kUgPerM2},
    Spelling{"ug/m^2", kUgPerM2},
    Spelling{"mcg/m2", kUgPerM2},
    Spelling{"\xCE\xBCg/m2", kUgPerM2},
    // plain numbers
    Spelling{"%", {"%", dims::kNone, 0.01}},
};

// `symbol` is the canonical spelling ("umol/L" for umol/l and µmol/L too).
std::optional<Unit> find_analyte_unit(std::string_view symbol, Analyte analyte) {
  switch (analyte) {
    case Analyte::kBilirubin:
      if (symbol == "umol/L") return Unit{"umol/L", dims::kMassConcentration, kMgPerDl.factor / kBilirubinUmolPerMgDl};
      break;
    case Analyte::kPotassium:
      if (symbol == "mEq/L") return Unit{"mEq/L", dims::kAmountConcentration, kMmolPerLitre.factor};
      break;
    case Analyte::kMagnesium:
      if (symbol == "mEq/L") {
        return Unit{"mEq/L", dims::kAmountConcentration, kMmolPerLitre.factor / kMagnesiumValence};
      }
      if (symbol == "mg/dL") {
        return Unit{"mg/dL", dims::kAmountConcentration, kMmolPerLitre.factor / kMagnesiumMgDlPerMmol};
      }
      break;
    case Analyte::kNone:
      break;
  }
  return std::nullopt;
}

// The generic spellings in an open-addressing table, built once: the decoder
// looks a unit up for every quantity of every request, and a hash of length,
// first and last byte, then one compare, beats a binary search of string
// compares (measured: docs/performance.md).
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

  const Spelling* find(std::string_view spelling) const {
    if (spelling.empty()) return nullptr;
    for (std::size_t probe = hash(spelling);; probe = (probe + 1) % kSlots) {
      if (slots_[probe] == kEmpty) return nullptr;
      const Spelling& candidate = kGeneric[slots_[probe]];
      if (candidate.spelling == spelling) return &candidate;
    }
  }

 private:
  static constexpr std::size_t kSlots = 256;  // a quarter full at most: probes stay short
  static constexpr uint8_t kEmpty = 0xFF;
  static_assert(kGeneric.size() * 4 <= kSlots);

  static std::size_t hash(std::string_view s) {
    const auto first = static_cast<unsigned char>(s.front());
    const auto last = static_cast<unsigned char>(s.back());
    return (s.size() * 61 + first * 7 + last * 3) % kSlots;
  }

  std::array<uint8_t, kSlots> slots_;
};

std::optional<Unit> find_generic_unit(std::string_view spelling) {
  static const SpellingIndex index;
  if (const Spelling* found = index.find(spelling)) return found->unit;
  return std::nullopt;
}

// The first canonical spelling listed for each dimension: its display unit.
class DisplayUnits {
 public:
  DisplayUnits() {
    for (const Spelling& entry : kGeneric) {
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

std::optional<Unit> find_unit(std::string_view written, Analyte analyte) {
  // Spellings are compared after the text policy (µg and μg, a full-width
  // ｍｇ): nearly every unit is plain ASCII, which the policy leaves alone.
  std::string_view spelling = written;
  if (!text::is_normalized_unit(written)) {
    thread_local std::string normalized;
    if (text::normalize_unit(written, normalized).refused()) return std::nullopt;
    spelling = normalized;
  }
  const std::optional<Unit> generic = find_generic_unit(spelling);
  // Milliequivalents exist only for an ion: they are not a generic unit.
  const bool milliequivalents = spelling == "mEq/L" || spelling == "mEq/l" || spelling == "meq/L";
  const std::string_view symbol = generic ? generic->symbol : milliequivalents ? "mEq/L" : spelling;
  if (auto special = find_analyte_unit(symbol, analyte)) return special;
  return generic;
}

bool is_unit_word(std::string_view word) {
  for (const Spelling& entry : kGeneric) {
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
    if (magnitude >= 3600) return {"h", dims::kTime, 3600};
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
  if (d == dims::kMass) return "mg, g, kg, ug or lb";
  if (d == dims::kLength) return "cm, m or in";
  if (d == dims::kArea) return "m2";
  if (d == dims::kTime) return "a, mo, wk, d, h, min, s or ms";
  if (d == dims::kCellCount) return "10*9/L or /mm3";
  if (d == dims::kMassConcentration) return "mg/dL";
  if (d == dims::kAmountConcentration) return "mmol/L";
  if (d == dims::kEnzymeActivity) return "U/L";
  if (d == dims::kVolume) return "mL or L";
  if (d == dims::kDosePerArea) return "mg/m2 or ug/m2";
  return "a unit of the right dimension";
}

}  // namespace rxr::units
