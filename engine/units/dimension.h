// Physical dimensions as exponent vectors, so that unit arithmetic
// (mg/m2 * m2 = mg) is checked at load time rather than trusted.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>

namespace rxr::units {

struct Dimension {
  int8_t mass = 0;
  int8_t length = 0;
  int8_t time = 0;
  int8_t amount = 0;       // amount of substance (mmol)
  int8_t cells = 0;        // counted cells (blasts, neutrophils, platelets)
  int8_t enzyme = 0;       // enzyme activity (U)
  int8_t equivalents = 0;  // amount of charge of an ion (mEq); converted to mmol per analyte

  // Compared as one word rather than exponent by exponent: the decoder
  // compares dimensions for every quantity of every request.
  friend bool operator==(const Dimension& a, const Dimension& b) { return a.word() == b.word(); }

  bool dimensionless() const { return *this == Dimension{}; }

 private:
  uint64_t word() const {
    uint64_t w = 0;
    std::memcpy(&w, this, sizeof *this);
    return w;
  }
};
static_assert(sizeof(Dimension) <= sizeof(uint64_t) && std::has_unique_object_representations_v<Dimension>,
              "Dimension::word covers every exponent and nothing else");

Dimension operator*(const Dimension& a, const Dimension& b);
Dimension operator/(const Dimension& a, const Dimension& b);
// The square root, when every exponent is even (m2 -> m); nullopt otherwise.
std::optional<Dimension> square_root(const Dimension& d);

namespace dims {
inline constexpr Dimension kNone{};
inline constexpr Dimension kMass{.mass = 1};
inline constexpr Dimension kLength{.length = 1};
inline constexpr Dimension kArea{.length = 2};
inline constexpr Dimension kVolume{.length = 3};
inline constexpr Dimension kTime{.time = 1};
inline constexpr Dimension kCellCount{.length = -3, .cells = 1};  // cells per volume
inline constexpr Dimension kMassConcentration{.mass = 1, .length = -3};
inline constexpr Dimension kAmountConcentration{.length = -3, .amount = 1};
inline constexpr Dimension kEnzymeActivity{.length = -3, .enzyme = 1};  // U per volume
inline constexpr Dimension kEquivalentConcentration{.length = -3, .equivalents = 1};
inline constexpr Dimension kDosePerArea{.mass = 1, .length = -2};
inline constexpr Dimension kMassPerTime{.mass = 1, .time = -1};  // continuous-infusion doses
inline constexpr Dimension kDosePerAreaPerTime{.mass = 1, .length = -2, .time = -1};
inline constexpr Dimension kVolumePerTime{.length = 3, .time = -1};  // pump rates
}  // namespace dims

// A name a pharmacist recognises ("cell count", "mass per body surface"),
// falling back to the unit formula for unusual combinations.
std::string describe(const Dimension& d);

}  // namespace rxr::units
