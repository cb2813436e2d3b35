#include "units/dimension.h"

#include <array>
#include <utility>

namespace rxr::units {

Dimension operator*(const Dimension& a, const Dimension& b) {
  return {static_cast<int8_t>(a.mass + b.mass),     static_cast<int8_t>(a.length + b.length),
          static_cast<int8_t>(a.time + b.time),     static_cast<int8_t>(a.amount + b.amount),
          static_cast<int8_t>(a.cells + b.cells),   static_cast<int8_t>(a.enzyme + b.enzyme)};
}

Dimension operator/(const Dimension& a, const Dimension& b) {
  return {static_cast<int8_t>(a.mass - b.mass),     static_cast<int8_t>(a.length - b.length),
          static_cast<int8_t>(a.time - b.time),     static_cast<int8_t>(a.amount - b.amount),
          static_cast<int8_t>(a.cells - b.cells),   static_cast<int8_t>(a.enzyme - b.enzyme)};
}

std::string describe(const Dimension& d) {
  static const std::array<std::pair<Dimension, const char*>, 11> kNames{{
      {dims::kNone, "a plain number"},
      {dims::kMass, "mass (mg)"},
      {dims::kLength, "length (cm)"},
      {dims::kArea, "body surface area (m2)"},
      {dims::kVolume, "volume (mL)"},
      {dims::kTime, "time (d, h, min)"},
      {dims::kCellCount, "cell count (/mm3)"},
      {dims::kMassConcentration, "mass concentration (mg/dL)"},
      {dims::kAmountConcentration, "amount concentration (mmol/L)"},
      {dims::kEnzymeActivity, "enzyme activity (U/L)"},
      {dims::kDosePerArea, "dose per body surface (mg/m2)"},
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
  return "mg.mm.s-based unit " + out;
}

}  // namespace rxr::units
