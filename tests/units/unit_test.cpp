#include "units/unit.h"

#include "text/name_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace rxr::units {
namespace {

double base(std::string_view spelling, double value) {
  auto unit = find_unit(spelling);
  EXPECT_TRUE(unit.has_value()) << spelling;
  return unit ? value * unit->factor : 0;
}

// Every row of the request contract's unit table (with the 1.1 additions).
TEST(Units, SpellingsOfOneUnitAgree) {
  for (auto s : {"ug", "mcg", "\xC2\xB5g", "\xCE\xBCg"}) EXPECT_DOUBLE_EQ(base(s, 1), base("mg", 0.001)) << s;
  EXPECT_DOUBLE_EQ(base("m2", 1), base("m^2", 1));
  for (auto s : {"a", "y", "year"}) EXPECT_DOUBLE_EQ(base(s, 1), base("d", 365.25)) << s;
  for (auto s : {"/mm3", "/uL", "cells/uL"}) EXPECT_EQ(base(s, 1), 1) << s;
  for (auto s : {"10*9/L", "10^9/L", "x10^9/L", "G/L"}) EXPECT_EQ(base(s, 1), base("/mm3", 1000)) << s;
  EXPECT_DOUBLE_EQ(base("umol/L", 1), base("\xC2\xB5mol/L", 1));
  for (auto s : {"ug/d", "mcg/d", "mcg/day", "\xC2\xB5g/d"}) EXPECT_DOUBLE_EQ(base(s, 1), base("mg/d", 0.001)) << s;
  for (auto s : {"ug/m2/d", "mcg/m2/day"}) EXPECT_DOUBLE_EQ(base(s, 1), base("mcg/m2/d", 1)) << s;
  EXPECT_DOUBLE_EQ(base("um", 1000), base("mm", 1));
  EXPECT_DOUBLE_EQ(base("mL/h", 24), base("mL", 24) / base("h", 1));
  // Lower-case litre spellings that cannot be mistaken for another unit.
  EXPECT_DOUBLE_EQ(base("mg/dl", 1), base("mg/dL", 1));
  EXPECT_DOUBLE_EQ(base("ml", 1), base("mL", 1));
  EXPECT_DOUBLE_EQ(base("mEq/l", 1), base("mEq/L", 1));
}

// Every spelling the table accepts, found by the hashed look-up under its
// canonical symbol, and near misses not found. Micrograms are shown as mcg.
TEST(Units, EverySpellingIsFound) {
  const std::pair<const char*, const char*> spellings[] = {
      {"mg", "mg"}, {"g", "g"}, {"kg", "kg"}, {"ug", "mcg"}, {"mcg", "mcg"}, {"\xC2\xB5g", "mcg"},
      {"lb", "lb"}, {"cm", "cm"}, {"mm", "mm"}, {"m", "m"}, {"in", "in"}, {"um", "um"}, {"\xC2\xB5m", "um"},
      {"m2", "m2"}, {"m^2", "m2"}, {"a", "a"}, {"y", "a"}, {"year", "a"}, {"mo", "mo"}, {"wk", "wk"},
      {"d", "d"}, {"h", "h"}, {"min", "min"}, {"s", "s"}, {"ms", "ms"}, {"/mm3", "/mm3"}, {"/uL", "/mm3"},
      {"cells/uL", "/mm3"}, {"/\xC2\xB5L", "/mm3"}, {"cells/\xC2\xB5L", "/mm3"},
      {"10*9/L", "10*9/L"}, {"10^9/L", "10*9/L"}, {"x10^9/L", "10*9/L"}, {"x10*9/L", "10*9/L"},
      {"G/L", "10*9/L"}, {"mg/dL", "mg/dL"}, {"mg/dl", "mg/dL"}, {"mg/mL", "mg/mL"},
      {"mmol/L", "mmol/L"}, {"mmol/l", "mmol/L"}, {"umol/L", "umol/L"}, {"umol/l", "umol/L"},
      {"\xC2\xB5mol/L", "umol/L"}, {"mEq/L", "mEq/L"}, {"mEq/l", "mEq/L"}, {"meq/L", "mEq/L"},
      {"U/L", "U/L"}, {"U/l", "U/L"}, {"IU/L", "U/L"}, {"mL", "mL"},
      {"ml", "mL"}, {"L", "L"}, {"mg/m2", "mg/m2"}, {"mg/m^2", "mg/m2"}, {"ug/m2", "mcg/m2"},
      {"ug/m^2", "mcg/m2"}, {"mcg/m2", "mcg/m2"}, {"\xC2\xB5g/m2", "mcg/m2"}, {"mcg/d", "mcg/d"},
      {"ug/d", "mcg/d"}, {"mcg/day", "mcg/d"}, {"\xC2\xB5g/d", "mcg/d"}, {"mg/d", "mg/d"}, {"mg/day", "mg/d"},
      {"mcg/m2/d", "mcg/m2/d"}, {"ug/m2/d", "mcg/m2/d"}, {"mcg/m2/day", "mcg/m2/d"},
      {"\xC2\xB5g/m2/d", "mcg/m2/d"}, {"mL/h", "mL/h"}, {"ml/h", "mL/h"}, {"%", "%"}};
  for (const auto& [spelling, symbol] : spellings) {
    const auto unit = find_unit(spelling);
    ASSERT_TRUE(unit.has_value()) << spelling;
    EXPECT_EQ(unit->symbol, symbol) << spelling;
  }
  for (auto s : {"mg/", "/mm", "mgg", "m3", "l", "mcg/m", "IU", "%%", "ug/m^", "mcg/h", "mL/d"}) {
    EXPECT_FALSE(find_unit(s).has_value()) << s;
  }
}

// The decoder looks a request's unit up as written before it asks the text
// policy (io/fact_walker.cpp): sound only while every spelling the index
// holds is one the policy accepts and leaves as it is.
TEST(Units, EveryIndexedSpellingIsOneThePolicyLeavesAsItIs) {
  for (const UnitSpelling& s : unit_spellings()) {
    std::string normalized;
    EXPECT_FALSE(text::normalize_unit(s.spelling, normalized).refused()) << s.spelling;
    EXPECT_EQ(normalized, s.spelling);
    EXPECT_EQ(find_normalized_unit(s.spelling)->symbol, s.unit.symbol) << s.spelling;
  }
}

// The text policy applies to units too (NFKC, no case folding).
TEST(Units, SpellingsAreNormalisedFirst) {
  EXPECT_EQ(find_unit("\xEF\xBD\x8D\xEF\xBD\x87")->symbol, "mg");  // full-width ｍｇ
  EXPECT_EQ(find_unit(" mg ")->symbol, "mg");
  EXPECT_FALSE(find_unit("m\xE2\x80\xAEg").has_value());  // a bidirectional control
  EXPECT_FALSE(find_unit("MG").has_value());             // case is not folded: UCUM cares
}

TEST(Units, ConversionsBetweenUnitsOfOneDimension) {
  EXPECT_DOUBLE_EQ(base("g", 1), base("mg", 1000));
  EXPECT_DOUBLE_EQ(base("kg", 1), base("g", 1000));
  EXPECT_DOUBLE_EQ(base("lb", 1), base("kg", 0.45359237));
  EXPECT_DOUBLE_EQ(base("m", 1), base("cm", 100));
  EXPECT_DOUBLE_EQ(base("in", 1), base("cm", 2.54));
  EXPECT_DOUBLE_EQ(base("mo", 12), base("a", 1));
  EXPECT_DOUBLE_EQ(base("wk", 1), base("d", 7));
  EXPECT_DOUBLE_EQ(base("d", 1), base("h", 24));
  EXPECT_DOUBLE_EQ(base("h", 1), base("min", 60));
  EXPECT_DOUBLE_EQ(base("min", 1), base("s", 60));
  EXPECT_DOUBLE_EQ(base("s", 1), base("ms", 1000));
  EXPECT_DOUBLE_EQ(base("L", 1), base("mL", 1000));
  EXPECT_DOUBLE_EQ(base("mg/m2", 1), base("mcg/m2", 1000));
  EXPECT_DOUBLE_EQ(base("mg/d", 1), base("mcg/d", 1000));
  EXPECT_DOUBLE_EQ(base("U/L", 40), 40 * find_unit("U/L")->factor);
  EXPECT_DOUBLE_EQ(base("%", 10), 0.1);
}

// mEq/L is a unit of its own dimension: how many mmol it is depends on the
// ion, so a field converts it (request.rxr: "convert 1 mmol/L = 2 mEq/L").
TEST(Units, MilliequivalentsAreNotMillimoles) {
  EXPECT_EQ(find_unit("mEq/L")->dimension, dims::kEquivalentConcentration);
  EXPECT_NE(find_unit("mEq/L")->dimension, find_unit("mmol/L")->dimension);
  EXPECT_NE(find_unit("umol/L")->dimension, find_unit("mg/dL")->dimension);
}

TEST(Units, DimensionsCombine) {
  EXPECT_EQ(find_unit("mg/m2")->dimension * find_unit("m2")->dimension, dims::kMass);
  EXPECT_EQ(find_unit("mcg/m2/d")->dimension * find_unit("m2")->dimension, find_unit("mcg/d")->dimension);
  EXPECT_NE(find_unit("mg")->dimension, find_unit("/mm3")->dimension);
  EXPECT_EQ(dims::kMass / dims::kMass, dims::kNone);
  EXPECT_EQ(square_root(dims::kArea), dims::kLength);
  EXPECT_FALSE(square_root(dims::kMass).has_value());
}

// Dimensions are compared as one word (dimension.h): two that differ in
// any one exponent, by one or in sign, differ.
TEST(Units, DimensionsDifferingInOneExponentDiffer) {
  constexpr int8_t Dimension::*kExponents[] = {&Dimension::mass,   &Dimension::length, &Dimension::time,
                                               &Dimension::amount, &Dimension::cells,  &Dimension::enzyme,
                                               &Dimension::equivalents};
  for (const auto exponent : kExponents) {
    for (const int8_t value : {int8_t{1}, int8_t{-1}, int8_t{3}}) {
      Dimension d = dims::kCellCount;
      d.*exponent = static_cast<int8_t>(d.*exponent + value);
      EXPECT_NE(d, dims::kCellCount);
      // Built apart, the same exponents compare equal.
      Dimension rebuilt;
      rebuilt.cells = dims::kCellCount.cells;
      rebuilt.length = dims::kCellCount.length;
      rebuilt.*exponent = static_cast<int8_t>(rebuilt.*exponent + value);
      EXPECT_EQ(rebuilt, d);
    }
  }
  EXPECT_TRUE(dims::kNone.dimensionless());
  EXPECT_FALSE(dims::kEquivalentConcentration.dimensionless());
}

TEST(Units, UnknownSpellingsAreRejected) {
  for (auto s : {"cells", "MG", "g/l", "", "mg /m2", "10^9", "g/L"}) EXPECT_FALSE(find_unit(s).has_value()) << s;
}

// A rate is shown as a rate, never as a bare number of base units.
TEST(Units, ValuesAreShownInTheirUsualUnit) {
  EXPECT_EQ(display_unit(dims::kTime, 5.5 * 86400).symbol, "d");
  EXPECT_EQ(display_unit(dims::kTime, 4 * 3600).symbol, "h");
  EXPECT_EQ(display_unit(dims::kTime, 0.44).symbol, "ms");
  EXPECT_EQ(display_unit(dims::kCellCount, 1).symbol, "/mm3");
  EXPECT_EQ(display_unit(dims::kMassPerTime, 1).symbol, "mcg/d");
  EXPECT_EQ(display_unit(dims::kDosePerAreaPerTime, 1).symbol, "mcg/m2/d");
  EXPECT_EQ(display_unit(dims::kVolumePerTime, 1).symbol, "mL/h");
  EXPECT_EQ(display_unit(dims::kEquivalentConcentration, 1).symbol, "mEq/L");
}

// The JSON response writes quantities without escaping them
// (report::shows_outside_text): every symbol a value is shown with must be
// printable ASCII with nothing JSON escapes.
TEST(Units, SymbolsNeedNoEscaping) {
  for (const UnitSpelling& entry : unit_spellings()) {
    for (const char c : entry.unit.symbol) {
      EXPECT_TRUE(c > 0x20 && c < 0x7F && c != '"' && c != '\\') << entry.unit.symbol;
    }
  }
}

}  // namespace
}  // namespace rxr::units
