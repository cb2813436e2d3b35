#include "eval/format.h"

#include <cmath>

#include <fmt/format.h>

#include "units/unit.h"

namespace rxr::eval {

std::string format_number(double value, Style style) {
  const double rounded = std::round(value * 10000) / 10000;
  std::string text = fmt::format("{:.4f}", rounded == 0 ? 0.0 : rounded);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (style != Style::kMessage) return text;
  const std::size_t point = std::min(text.find('.'), text.size());
  const std::size_t first_digit = text[0] == '-' ? 1 : 0;
  std::string grouped = text.substr(0, first_digit);
  for (std::size_t i = first_digit; i < point; ++i) {
    if (i > first_digit && (point - i) % 3 == 0) grouped += ',';
    grouped += text[i];
  }
  return grouped + text.substr(point);
}

// Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
std::string format_time(double epoch_seconds) {
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
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, second_of_day / 3600,
                     second_of_day / 60 % 60, second_of_day % 60);
}

namespace {

std::string format_quantity(double base, const units::Dimension& dimension, Style style,
                            std::string_view unit, double unit_factor) {
  if (unit.empty()) {
    const units::Unit display = units::display_unit(dimension, base);
    unit = display.symbol;
    unit_factor = display.factor;
  }
  const std::string number = format_number(base / unit_factor, style);
  if (unit.empty()) return number;
  // "12,000/mm3" and "10%" read better without the space people put before words.
  const bool attach = style == Style::kMessage && (unit.front() == '/' || unit == "%");
  return fmt::format("{}{}{}", number, attach ? "" : " ", unit);
}

}  // namespace

std::string format_value(const Value& v, const compile::Type& type, const compile::RuleSet& rules,
                         Style style, std::string_view unit, double unit_factor) {
  using compile::TypeKind;
  switch (type.kind) {
    case TypeKind::kBool: return v.number != 0 ? "true" : "false";
    case TypeKind::kNumber: return format_quantity(v.number, type.dimension, style, unit, unit_factor);
    case TypeKind::kTime: return format_time(v.number);
    case TypeKind::kName:
    case TypeKind::kText:
      if (!v.text.empty()) return std::string(v.text);
      return std::string(rules.symbols.spelling(v.symbol));
    case TypeKind::kNames: return "";  // lists are joined by the caller, which knows the scratch
    case TypeKind::kRecords:
    case TypeKind::kError: return "";
  }
  return "";
}

}  // namespace rxr::eval
