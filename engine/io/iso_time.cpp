#include "io/iso_time.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

namespace rxr::io {
namespace {

// The pieces of a time as written, before any range check, so that a shape
// error is reported as such even when a number in it is also out of range.
struct Written {
  unsigned year = 0, month = 0, day = 0;
  unsigned hour = 0, minute = 0, second = 0;
  double fraction = 0;  // of a second
  bool has_clock = false;
  bool has_zone = false;
  int offset_sign = 0;  // +1 east of UTC, -1 west
  unsigned offset_hour = 0, offset_minute = 0;
};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  bool skip(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // Exactly `count` decimal digits.
  bool digits(std::size_t count, unsigned& out) {
    if (text_.size() - pos_ < count) return false;
    out = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<unsigned>(c - '0');
    }
    pos_ += count;
    return true;
  }

  // One or more digits after a decimal point; digits past nanoseconds are
  // read but cannot change a double of this magnitude.
  bool fraction(double& out) {
    const std::size_t start = pos_;
    unsigned long long nanos = 0;
    std::size_t kept = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (kept < 9) {
        nanos = nanos * 10 + static_cast<unsigned>(text_[pos_] - '0');
        ++kept;
      }
      ++pos_;
    }
    for (; kept < 9; ++kept) nanos *= 10;
    out = static_cast<double>(nanos) / 1e9;
    return pos_ > start;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool read_date(Cursor& in, Written& w) {
  return in.digits(4, w.year) && in.skip('-') && in.digits(2, w.month) && in.skip('-') &&
         in.digits(2, w.day);
}

bool read_clock(Cursor& in, Written& w) {
  if (!(in.digits(2, w.hour) && in.skip(':') && in.digits(2, w.minute) && in.skip(':') &&
        in.digits(2, w.second))) {
    return false;
  }
  return !in.skip('.') || in.fraction(w.fraction);
}

bool read_zone(Cursor& in, Written& w) {
  if (in.skip('Z') || in.skip('z')) {
    w.has_zone = true;
    return true;
  }
  if (in.skip('+')) {
    w.offset_sign = 1;
  } else if (in.skip('-')) {
    w.offset_sign = -1;
  } else {
    return true;  // no zone: the shape is fine, the meaning is not (kNoZone)
  }
  w.has_zone = true;
  return in.digits(2, w.offset_hour) && in.skip(':') && in.digits(2, w.offset_minute);
}

bool is_leap(unsigned year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned days_in_month(unsigned year, unsigned month) {
  constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// The range checks of both readings below, date before clock.
bool is_calendar_date(unsigned year, unsigned month, unsigned day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}
bool is_clock(unsigned hour, unsigned minute, unsigned second) { return hour <= 23 && minute <= 59 && second <= 59; }

// Whether the eight bytes of `text` from `at` differ from `pattern`, where
// '0' in the pattern stands for any digit and every other byte for itself.
// Each byte XOR its pattern byte leaves 0-9 where a digit belongs and a
// digit is (only '0'-'9' XOR '0' are below 10), and 0 where a separator
// belongs and the right one is.
bool differs(std::string_view text, std::size_t at, const char (&pattern)[9]) {
  uint64_t word = 0;
  uint64_t expected = 0;
  uint64_t separators = 0;  // 0xFF at each separator's byte
  std::memcpy(&word, text.data() + at, 8);
  std::memcpy(&expected, pattern, 8);
  for (int i = 0; i < 8; ++i) {
    if (pattern[i] != '0') separators |= uint64_t{0xFF} << (8 * i);
  }
  const uint64_t x = word ^ expected;
  constexpr uint64_t kHigh = 0x8080808080808080u;
  constexpr uint64_t kTenOrMore = 0x7676767676767676u;  // + 0x76 sets the high bit of 10..0x7F
  return ((((x + kTenOrMore) | x) & kHigh & ~separators) | (x & separators)) != 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number the digits at [at, at + count) of `text` write; the caller
// has checked that they are digits.
unsigned number_at(std::string_view text, std::size_t at, std::size_t count) {
  unsigned out = 0;
  for (std::size_t i = at; i < at + count; ++i) out = out * 10 + static_cast<unsigned>(text[i] - '0');
  return out;
}

// "2026-03-10T09:30:00Z" and "2026-03-10", the shapes nearly every request
// writes: checked eight bytes at a time, read at their fixed positions and
// turned into seconds at once, with the errors, in the order, of the
// general reading below. nullopt: any other shape (or a digit that is
// not one), which the general reading takes.
std::optional<ParsedTime> read_usual(std::string_view text) {
  const bool has_clock = text.size() == 20;
  if (!has_clock && text.size() != 10) return std::nullopt;
  if (differs(text, 0, "0000-00-")) return std::nullopt;
  if (has_clock ? differs(text, 8, "00T00:00") || differs(text, 12, "0:00:00Z")
                : !is_digit(text[8]) || !is_digit(text[9])) {
    return std::nullopt;
  }
  const unsigned year = number_at(text, 0, 4);
  const unsigned month = number_at(text, 5, 2);
  const unsigned day = number_at(text, 8, 2);
  if (!is_calendar_date(year, month, day)) return ParsedTime{0, TimeError::kDate};
  long long seconds = days_from_civil(year, month, day) * 86400;
  if (has_clock) {
    const unsigned hour = number_at(text, 11, 2);
    const unsigned minute = number_at(text, 14, 2);
    const unsigned second = number_at(text, 17, 2);
    if (!is_clock(hour, minute, second)) return ParsedTime{0, TimeError::kClock};
    seconds += hour * 3600LL + minute * 60LL + second;
  }
  return ParsedTime{static_cast<double>(seconds), TimeError::kNone};
}

bool read_written(std::string_view text, Written& w) {
  Cursor in(text);
  if (!read_date(in, w)) return false;
  if (in.skip('T') || in.skip('t')) {
    w.has_clock = true;
    if (!read_clock(in, w) || !read_zone(in, w)) return false;
  }
  return in.done();
}

TimeError validate(const Written& w) {
  if (!is_calendar_date(w.year, w.month, w.day)) return TimeError::kDate;
  if (!w.has_clock) return TimeError::kNone;
  if (!is_clock(w.hour, w.minute, w.second)) return TimeError::kClock;
  if (!w.has_zone) return TimeError::kNoZone;
  if (w.offset_hour > 23 || w.offset_minute > 59) return TimeError::kOffset;
  return TimeError::kNone;
}

}  // namespace

long long days_from_civil(long long year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);  // [0, 399]
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<long long>(day_of_era) - 719468;
}

ParsedTime parse_iso_time(std::string_view text) {
  if (const std::optional<ParsedTime> usual = read_usual(text)) return *usual;
  Written w;
  if (!read_written(text, w)) return {0, TimeError::kSyntax};
  if (const TimeError error = validate(w); error != TimeError::kNone) return {0, error};
  const long long days = days_from_civil(w.year, w.month, w.day);
  const long long clock = w.hour * 3600LL + w.minute * 60LL + w.second;
  const long long offset = w.offset_sign * (w.offset_hour * 3600LL + w.offset_minute * 60LL);
  return {static_cast<double>(days * 86400 + clock - offset) + w.fraction, TimeError::kNone};
}

std::string_view describe(TimeError error) {
  switch (error) {
    case TimeError::kNone:
      return "valid";
    case TimeError::kSyntax:
      return "expected an ISO 8601 time such as 2026-03-10T09:30:00Z or a date such as 2026-03-10";
    case TimeError::kDate:
      return "there is no such calendar date";
    case TimeError::kClock:
      return "hour, minute or second is out of range";
    case TimeError::kOffset:
      return "the zone offset is out of range";
    case TimeError::kNoZone:
      return "the time has no zone; add Z or an offset such as +01:00";
  }
  return "invalid";
}

}  // namespace rxr::io
