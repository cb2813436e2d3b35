#include "units/dimension.h"

#include <array>
#include <functional>
#include <utility>

namespace rxr::units {

namespace {

// Applies `op` to each pair of exponents.
template <typename Op>
Dimension combine(const Dimension& a, const Dimension& b, Op op) {
  auto e = [&op](int8_t x, int8_t y) { return static_cast<int8_t>(op(x, y)); };
  return {e(a.mass, b.mass),   e(a.length, b.length), e(a.time, b.time),
          e(a.amount, b.amount), e(a.cells, b.cells),  e(a.enzyme, b.enzyme),
          e(a.equivalents, b.equivalents)};
}

}  // namespace

Dimension operator*(const Dimension& a, const Dimension& b) { return combine(a, b, std::plus<int>()); }
Dimension operator/(const Dimension& a, const Dimension& b) { return combine(a, b, std::minus<int>()); }

std::optional<Dimension> square_root(const Dimension& d) {
  const int8_t exponents[] = {d.mass, d.length, d.time, d.amount, d.cells, d.enzyme, d.equivalents};
  for (const int8_t e : exponents) {
    if (e % 2 != 0) return std::nullopt;
  }
  return combine(d, Dimension{}, [](int x, int) { return x / 2; });
}

std::string describe(const Dimension& d) {
  static const std::array<std::pair<Dimension, const char*>, 15> kNames{{
      {dims::kNone, "a plain number"},
      {dims::kMass, "mass (mg)"},
      {dims::kLength, "length (cm)"},
      {dims::kArea, "body surface area (m2)"},
      {dims::kVolume, "volume (mL)"},
      {dims::kTime, "time (d, h, min)"},
      {dims::kCellCount, "cell count (/mm3)"},
      {dims::kMassConcentration, "mass concentration (mg/dL)"},
      {dims::kAmountConcentration, "amount concentration (mmol/L)"},
      {dims::kEquivalentConcentration, "equivalent concentration (mEq/L)"},
      {dims::kEnzymeActivity, "enzyme activity (U/L)"},
      {dims::kDosePerArea, "dose per body surface (mg/m2)"},
      {dims::kMassPerTime, "dose per time (mcg/d)"},
      {dims::kDosePerAreaPerTime, "dose per body surface per time (mcg/m2/d)"},
      {dims::kVolumePerTime, "volume per time (mL/h)"},
  }};
  for (const auto& [dim, name] : kNames) {
    if (dim == d) return name;
  }
  std::string out;
  auto term = [&out](int exponent, const char* symbol) {
    if (exponent == 0) return;
    if (!out.empty()) out += '.';
    out += symbol;
    if (exponent != 1) out += '^' + std::to_string(exponent);
  };
  term(d.mass, "mg");
  term(d.length, "mm");
  term(d.time, "s");
  term(d.amount, "mmol");
  term(d.cells, "cells");
  term(d.enzyme, "U");
  term(d.equivalents, "mEq");
  return "mg.mm.s-based unit " + out;
}

}  // namespace rxr::units
