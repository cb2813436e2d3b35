// Physical dimensions as exponent vectors, so that unit arithmetic
// (mg/m2 * m2 = mg) is checked at load time rather than trusted.
#pragma once

#include <cstdint>
#include <string>

namespace rxr::units {

struct Dimension {
  int8_t mass = 0;
  int8_t length = 0;
  int8_t time = 0;
  int8_t amount = 0;  // amount of substance (mmol)
  int8_t cells = 0;   // counted cells (blasts, neutrophils, platelets)
  int8_t enzyme = 0;  // enzyme activity (U)

  friend bool operator==(const Dimension& a, const Dimension& b) {
    return a.mass == b.mass && a.length == b.length && a.time == b.time && a.amount == b.amount &&
           a.cells == b.cells && a.enzyme == b.enzyme;
  }
  friend bool operator!=(const Dimension& a, const Dimension& b) { return !(a == b); }

  bool dimensionless() const { return *this == Dimension{}; }
};

Dimension operator*(const Dimension& a, const Dimension& b);
Dimension operator/(const Dimension& a, const Dimension& b);

namespace dims {
inline constexpr Dimension kNone{};
inline constexpr Dimension kMass{1, 0, 0, 0, 0, 0};
inline constexpr Dimension kLength{0, 1, 0, 0, 0, 0};
inline constexpr Dimension kArea{0, 2, 0, 0, 0, 0};
inline constexpr Dimension kVolume{0, 3, 0, 0, 0, 0};
inline constexpr Dimension kTime{0, 0, 1, 0, 0, 0};
inline constexpr Dimension kCellCount{0, -3, 0, 0, 1, 0};       // cells per volume
inline constexpr Dimension kMassConcentration{1, -3, 0, 0, 0, 0};
inline constexpr Dimension kAmountConcentration{0, -3, 0, 1, 0, 0};
inline constexpr Dimension kEnzymeActivity{0, -3, 0, 0, 0, 1};  // U per volume
inline constexpr Dimension kDosePerArea{1, -2, 0, 0, 0, 0};
}  // namespace dims

// A name a pharmacist recognises ("cell count", "mass per body surface"),
// falling back to the unit formula for unusual combinations.
std::string describe(const Dimension& d);

}  // namespace rxr::units
