#include "units/unit.h"

#include <gtest/gtest.h>

#include <utility>

namespace rxr::units {
namespace {

double base(std::string_view spelling, double value, Analyte analyte = Analyte::kNone) {
  auto unit = find_unit(spelling, analyte);
  EXPECT_TRUE(unit.has_value()) << spelling;
  return unit ? value * unit->factor : 0;
}

// Every row of the request contract's unit table.
TEST(Units, SpellingsOfOneUnitAgree) {
  for (auto s : {"ug", "mcg", "\xC2\xB5g"}) EXPECT_DOUBLE_EQ(base(s, 1), base("mg", 0.001)) << s;
  EXPECT_DOUBLE_EQ(base("m2", 1), base("m^2", 1));
  for (auto s : {"a", "y", "year"}) EXPECT_DOUBLE_EQ(base(s, 1), base("d", 365.25)) << s;
  for (auto s : {"/mm3", "/uL", "cells/uL"}) EXPECT_EQ(base(s, 1), 1) << s;
  for (auto s : {"10*9/L", "10^9/L", "x10^9/L", "G/L"}) EXPECT_EQ(base(s, 1), base("/mm3", 1000)) << s;
  EXPECT_DOUBLE_EQ(base("umol/L", 1), base("\xC2\xB5mol/L", 1));
  // Lower-case litre spellings that cannot be mistaken for another unit.
  EXPECT_DOUBLE_EQ(base("mg/dl", 1), base("mg/dL", 1));
  EXPECT_DOUBLE_EQ(base("ml", 1), base("mL", 1));
  EXPECT_DOUBLE_EQ(base("umol/l", 17.1, Analyte::kBilirubin), base("mg/dL", 1, Analyte::kBilirubin));
  EXPECT_DOUBLE_EQ(base("mg/dl", 2.43, Analyte::kMagnesium), base("mmol/L", 1, Analyte::kMagnesium));
  EXPECT_DOUBLE_EQ(base("mEq/l", 4, Analyte::kPotassium), base("mmol/L", 4, Analyte::kPotassium));
}

// Every spelling the table accepts, found by the hashed look-up under its
// canonical symbol, and near misses not found.
TEST(Units, EverySpellingIsFound) {
  const std::pair<const char*, const char*> spellings[] = {
      {"mg", "mg"}, {"g", "g"}, {"kg", "kg"}, {"ug", "ug"}, {"mcg", "ug"}, {"\xC2\xB5g", "ug"},
      {"lb", "lb"}, {"cm", "cm"}, {"mm", "mm"}, {"m", "m"}, {"in", "in"}, {"m2", "m2"}, {"m^2", "m2"},
      {"a", "a"}, {"y", "a"}, {"year", "a"}, {"mo", "mo"}, {"wk", "wk"}, {"d", "d"}, {"h", "h"},
      {"min", "min"}, {"s", "s"}, {"ms", "ms"}, {"/mm3", "/mm3"}, {"/uL", "/mm3"},
      {"cells/uL", "/mm3"}, {"/\xC2\xB5L", "/mm3"}, {"cells/\xC2\xB5L", "/mm3"},
      {"10*9/L", "10*9/L"}, {"10^9/L", "10*9/L"}, {"x10^9/L", "10*9/L"}, {"x10*9/L", "10*9/L"},
      {"G/L", "10*9/L"}, {"mg/dL", "mg/dL"}, {"mg/dl", "mg/dL"}, {"mg/mL", "mg/mL"},
      {"mmol/L", "mmol/L"}, {"mmol/l", "mmol/L"}, {"umol/L", "umol/L"}, {"umol/l", "umol/L"},
      {"\xC2\xB5mol/L", "umol/L"}, {"U/L", "U/L"}, {"U/l", "U/L"}, {"IU/L", "U/L"}, {"mL", "mL"},
      {"ml", "mL"}, {"L", "L"}, {"mg/m2", "mg/m2"}, {"mg/m^2", "mg/m2"}, {"ug/m2", "ug/m2"},
      {"ug/m^2", "ug/m2"}, {"mcg/m2", "ug/m2"}, {"\xC2\xB5g/m2", "ug/m2"}, {"%", "%"}};
  for (const auto& [spelling, symbol] : spellings) {
    const auto unit = find_unit(spelling);
    ASSERT_TRUE(unit.has_value()) << spelling;
    EXPECT_EQ(unit->symbol, symbol) << spelling;
  }
  for (auto s : {"mg/", "/mm", "mgg", "m3", "l", "mcg/m", "IU", "%%", "ug/m^"}) {
    EXPECT_FALSE(find_unit(s).has_value()) << s;
  }
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
  EXPECT_DOUBLE_EQ(base("mg/m2", 1), base("ug/m2", 1000));
  EXPECT_DOUBLE_EQ(base("U/L", 40), 40 * find_unit("U/L")->factor);
  EXPECT_DOUBLE_EQ(base("%", 10), 0.1);
}

TEST(Units, AnalyteSpecificConversions) {
  EXPECT_DOUBLE_EQ(base("mg/dL", 1, Analyte::kBilirubin), base("umol/L", 17.1, Analyte::kBilirubin));
  EXPECT_DOUBLE_EQ(base("mmol/L", 1, Analyte::kMagnesium), base("mg/dL", 2.43, Analyte::kMagnesium));
  EXPECT_DOUBLE_EQ(base("mEq/L", 4.1, Analyte::kPotassium), base("mmol/L", 4.1, Analyte::kPotassium));
  EXPECT_DOUBLE_EQ(base("mEq/L", 2, Analyte::kMagnesium), base("mmol/L", 1, Analyte::kMagnesium));
  // Outside its analyte a conversion does not exist: mEq/L of what?
  EXPECT_FALSE(find_unit("mEq/L").has_value());
  EXPECT_EQ(find_unit("umol/L")->dimension, dims::kAmountConcentration);
  EXPECT_EQ(find_unit("umol/L", Analyte::kBilirubin)->dimension, dims::kMassConcentration);
}

TEST(Units, DimensionsCombine) {
  EXPECT_EQ(find_unit("mg/m2")->dimension * find_unit("m2")->dimension, dims::kMass);
  EXPECT_NE(find_unit("mg")->dimension, find_unit("/mm3")->dimension);
  EXPECT_EQ(dims::kMass / dims::kMass, dims::kNone);
}

TEST(Units, UnknownSpellingsAreRejected) {
  for (auto s : {"cells", "MG", "g/l", "", "mg /m2", "10^9", "g/L"}) EXPECT_FALSE(find_unit(s).has_value()) << s;
}

TEST(Units, TimeIsShownInTheLargestWholeUnit) {
  EXPECT_EQ(display_unit(dims::kTime, 5.5 * 86400).symbol, "d");
  EXPECT_EQ(display_unit(dims::kTime, 4 * 3600).symbol, "h");
  EXPECT_EQ(display_unit(dims::kTime, 0.44).symbol, "ms");
  EXPECT_EQ(display_unit(dims::kCellCount, 1).symbol, "/mm3");
}

}  // namespace
}  // namespace rxr::units
