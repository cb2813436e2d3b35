// ISO 8601 times as the request contract writes them, parsed without locale
// or time-zone database: a time is either a UTC date-time with an explicit
// zone ("2026-03-10T09:30:00Z", "2026-03-10T10:30:00.5+01:00") or a date
// ("2026-03-10", read as 00:00 UTC).
#pragma once

#include <string_view>

namespace rxr::io {

enum class TimeError {
  kNone,
  kSyntax,  // not of the accepted shape
  kDate,    // no such calendar date (month 13, February 30)
  kClock,   // hour, minute or second out of range (24:00, 12:60)
  kOffset,  // zone offset out of range
  kNoZone,  // a date-time without Z or offset: local time we cannot place
};

struct ParsedTime {
  double seconds = 0;  // since 1970-01-01T00:00:00Z
  TimeError error = TimeError::kNone;
};

ParsedTime parse_iso_time(std::string_view text);

// Why a time was rejected, for problem messages: "no such calendar date".
std::string_view describe(TimeError error);

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil); month 1-12, day 1-31, not validated here.
long long days_from_civil(long long year, unsigned month, unsigned day);

}  // namespace rxr::io
