#include "text/decimal.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace rxr::text {

void append_fixed(double value, int decimals, std::string& out) {
  // The scaled value counted in a double is exact enough to round by when
  // it is not within the product's error of a half (a scaled value under
  // 1e9 is off by less than 1.2e-7): almost always. The rest go to
  // to_chars, which rounds the exact value.
  const double scale = decimals == 1 ? 10 : 100;
  constexpr double kFastBelow = 1e9, kMargin = 1e-6;
  const double scaled = value * scale;
  if (!std::signbit(value) && scaled < kFastBelow) {
    const double whole = std::floor(scaled);
    const double rest = scaled - whole;
    if (std::fabs(rest - 0.5) > kMargin) {
      const auto count = static_cast<uint64_t>(whole) + (rest > 0.5 ? 1 : 0);
      const auto unit = static_cast<uint64_t>(scale);
      char text[24];
      char* end = std::to_chars(text, text + sizeof text, count / unit).ptr;
      *end++ = '.';
      uint64_t fraction = count % unit;
      for (int i = decimals - 1; i >= 0; --i, fraction /= 10) end[i] = static_cast<char>('0' + fraction % 10);
      out.append(text, end + decimals);
      return;
    }
  }
  char text[400];  // any double, 1e308 included
  out.append(text, std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals).ptr);
}

}  // namespace rxr::text
