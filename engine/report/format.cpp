#include "report/format.h"

#include <array>
#include <charconv>
#include <cstring>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "text/decimal.h"
#include "units/unit.h"

namespace rxr::report {

namespace {

// std::llround (half away from zero) without the library call, which cost
// a fifth of a number's formatting. From 2^52 on a double is whole already:
// those go to llround, its overflow included.
int64_t rounded(double x) {
  constexpr double kWhole = 4503599627370496.0;  // 2^52
  if (!(std::fabs(x) < kWhole)) return std::llround(x);
  const auto truncated = static_cast<int64_t>(x);
  const double rest = x - static_cast<double>(truncated);  // exact below 2^52
  if (rest >= 0.5) return truncated + 1;
  if (rest <= -0.5) return truncated - 1;
  return truncated;
}

// "00" to "99": digits are written two at a time, one division per pair.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

// Each writes backwards, ending at `end`, and returns where it began:
// `value` (below 100) as two digits; `value` in decimal.
char* two_digits(char* end, uint64_t value) {
  std::memcpy(end - 2, &kDigitPairs[2 * value], 2);
  return end - 2;
}
char* decimal(char* end, uint64_t value) {
  for (; value >= 100; value /= 100) end = two_digits(end, value % 100);
  if (value >= 10) return two_digits(end, value);
  *--end = static_cast<char>('0' + value);
  return end;
}

}  // namespace

// Fixed point by hand: fmt's general floating-point path costs more than
// the whole rule evaluation for the handful of numbers a finding shows.
void append_number(double value, Style style, std::string& out) {
  constexpr double kScale = 10000;  // 4 decimals
  if (!std::isfinite(value) || std::fabs(value) >= 1e15) {
    fmt::format_to(std::back_inserter(out), "{}", value);
    return;
  }
  const int64_t scaled = rounded(value * kScale);
  const bool negative = scaled < 0;
  const uint64_t magnitude = negative ? static_cast<uint64_t>(-scaled) : static_cast<uint64_t>(scaled);
  const uint64_t fraction = magnitude % 10000;
  uint64_t whole = magnitude / 10000;

  char buffer[48];
  char* const end = buffer + sizeof buffer;
  char* p = end;
  char* last = end;
  if (fraction != 0) {
    // The four decimals, then their trailing zeros dropped.
    p = two_digits(two_digits(p, fraction % 100), fraction / 100);
    *--p = '.';
    while (last[-1] == '0') --last;
  }
  // Messages group thousands: three digits and a comma before each group
  // but the first.
  for (; style == Style::kMessage && whole >= 1000; whole /= 1000) {
    const uint64_t group = whole % 1000;
    p = two_digits(p, group % 100);
    *--p = static_cast<char>('0' + group / 100);
    *--p = ',';
  }
  p = decimal(p, whole);
  if (negative && (p[0] != '0' || p + 1 != last)) *--p = '-';
  out.append(p, last);
}

void append_count(uint64_t value, std::string& out) {
  char text[20];
  out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
}

void append_tenths(double value, std::string& out) {
  text::append_fixed(value, 1, out);
  if (std::string_view(out).ends_with(".0")) out.resize(out.size() - 2);  // what it appended always ends ".d"
}

// Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
void append_time(double epoch_seconds, std::string& out) {
  const auto seconds = static_cast<int64_t>(std::floor(epoch_seconds));
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t second_of_day = seconds - days * 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {  // far from any request's time: ISO 8601's expanded years
    fmt::format_to(std::back_inserter(out), "{}{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                   year < 0 ? "-" : "", year < 0 ? -year : year, month, day, second_of_day / 3600,
                   second_of_day / 60 % 60, second_of_day % 60);
    return;
  }
  // Digits by hand: findings show several times per request, and parsing a
  // format string each time cost more than the rest of the formatting.
  char text[] = "0000-00-00T00:00:00Z";
  auto put = [&text](std::size_t at, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      text[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, month, 2);
  put(8, day, 2);
  put(11, second_of_day / 3600, 2);
  put(14, second_of_day / 60 % 60, 2);
  put(17, second_of_day % 60, 2);
  out.append(text, sizeof text - 1);
}

std::optional<units::Unit> fixed_unit(const compile::Type& type, std::string_view unit, double unit_factor) {
  if (!unit.empty()) return units::Unit{unit, type.dimension, unit_factor};
  if (!type.display.symbol.empty()) return type.display;
  if (type.dimension == units::dims::kTime) return std::nullopt;  // hours or days, by the value
  return units::display_unit(type.dimension, 0);
}

void append_unit(std::string_view symbol, Style style, std::string& out) {
  if (symbol.empty()) return;
  // "12,000/mm3" and "10%" read better without the space people put before words.
  const bool attach = style == Style::kMessage && (symbol.front() == '/' || symbol == "%");
  if (!attach) out += ' ';
  out += symbol;
}

void append_quantity(double base, const compile::Type& type, Style style, std::string& out, std::string_view unit,
                     double unit_factor) {
  const std::optional<units::Unit> fixed = fixed_unit(type, unit, unit_factor);
  const units::Unit shown = fixed ? *fixed : units::display_unit(type.dimension, base);
  append_number(base / shown.factor, style, out);
  append_unit(shown.symbol, style, out);
}

void append_value(const eval::Value& v, const compile::Type& type, const compile::RuleSet& rules,
                  const eval::Scratch& scratch, Style style, std::string& out, std::string_view unit,
                  double unit_factor) {
  using compile::TypeKind;
  switch (type.kind) {
    case TypeKind::kBool: out += v.number != 0 ? "true" : "false"; return;
    case TypeKind::kNumber: append_quantity(v.number, type, style, out, unit, unit_factor); return;
    case TypeKind::kTime: append_time(v.number, out); return;
    case TypeKind::kName:
    case TypeKind::kText: out += v.text.empty() ? rules.symbols.spelling(v.symbol) : v.text; return;
    case TypeKind::kNames: {
      bool first = true;
      for_each_name(v, rules, scratch, [&](std::string_view name) {
        if (!first) out += ", ";
        out += name;
        first = false;
      });
      return;
    }
    case TypeKind::kRecords:
    case TypeKind::kError: return;
  }
}

}  // namespace rxr::report
