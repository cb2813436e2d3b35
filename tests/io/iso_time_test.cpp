#include "io/iso_time.h"

#include <gtest/gtest.h>

#include <string>

namespace rxr::io {
namespace {

// 2026-03-10T00:00:00Z, computed independently (Python datetime).
constexpr double kMarch10 = 1773100800;

TimeError error_of(std::string_view text) { return parse_iso_time(text).error; }

TEST(DaysFromCivil, KnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2026, 3, 10) * 86400, static_cast<long long>(kMarch10));
}

TEST(IsoTime, DateTimeInUtc) {
  const ParsedTime t = parse_iso_time("2026-03-10T09:30:00Z");
  EXPECT_EQ(t.error, TimeError::kNone);
  EXPECT_EQ(t.seconds, kMarch10 + 9.5 * 3600);
}

TEST(IsoTime, DateIsMidnightUtc) {
  EXPECT_EQ(parse_iso_time("2026-03-10").seconds, kMarch10);
  EXPECT_EQ(parse_iso_time("2024-02-29").seconds, 1709164800);
  EXPECT_EQ(parse_iso_time("1969-12-31").seconds, -86400);
}

TEST(IsoTime, FractionalSeconds) {
  EXPECT_EQ(parse_iso_time("2026-03-10T00:00:00.25Z").seconds, kMarch10 + 0.25);
  EXPECT_EQ(parse_iso_time("2026-03-10T00:00:01.5000000000001Z").seconds, kMarch10 + 1.5);
}

TEST(IsoTime, OffsetsAreSubtracted) {
  const double utc = parse_iso_time("2026-03-10T09:30:00Z").seconds;
  EXPECT_EQ(parse_iso_time("2026-03-10T10:30:00+01:00").seconds, utc);
  EXPECT_EQ(parse_iso_time("2026-03-10T04:30:00-05:00").seconds, utc);
  EXPECT_EQ(parse_iso_time("2026-03-10T15:00:00+05:30").seconds, utc);
  EXPECT_EQ(parse_iso_time("2026-03-10T09:30:00+00:00").seconds, utc);
  // Across midnight and a month end.
  EXPECT_EQ(parse_iso_time("2026-02-28T23:00:00-01:00").seconds,
            parse_iso_time("2026-03-01").seconds);
}

TEST(IsoTime, LowerCaseSeparatorsAreAccepted) {
  EXPECT_EQ(parse_iso_time("2026-03-10t09:30:00z").seconds, kMarch10 + 9.5 * 3600);
}

TEST(IsoTime, CalendarIsValidated) {
  EXPECT_EQ(error_of("2026-02-29"), TimeError::kDate);
  EXPECT_EQ(error_of("2026-02-30"), TimeError::kDate);
  EXPECT_EQ(error_of("1900-02-29"), TimeError::kDate);
  EXPECT_EQ(error_of("2000-02-29"), TimeError::kNone);
  EXPECT_EQ(error_of("2026-04-31"), TimeError::kDate);
  EXPECT_EQ(error_of("2026-13-01"), TimeError::kDate);
  EXPECT_EQ(error_of("2026-00-10"), TimeError::kDate);
  EXPECT_EQ(error_of("2026-03-00"), TimeError::kDate);
  EXPECT_EQ(error_of("2026-02-30T10:00:00Z"), TimeError::kDate);
  // A date that does not exist is reported before a clock that does not either.
  EXPECT_EQ(error_of("2026-02-30T24:00:00Z"), TimeError::kDate);
  EXPECT_EQ(error_of("2026-02-30T24:00:00+01:00"), TimeError::kDate);
}

TEST(IsoTime, ClockIsValidated) {
  EXPECT_EQ(error_of("2026-03-10T24:00:00Z"), TimeError::kClock);
  EXPECT_EQ(error_of("2026-03-10T12:60:00Z"), TimeError::kClock);
  EXPECT_EQ(error_of("2026-03-10T12:00:60Z"), TimeError::kClock);
  EXPECT_EQ(error_of("2026-03-10T23:59:59Z"), TimeError::kNone);
  EXPECT_EQ(error_of("2026-02-28T24:00:00Z"), TimeError::kClock);
}

TEST(IsoTime, OffsetIsValidated) {
  EXPECT_EQ(error_of("2026-03-10T09:30:00+24:00"), TimeError::kOffset);
  EXPECT_EQ(error_of("2026-03-10T09:30:00+01:60"), TimeError::kOffset);
}

TEST(IsoTime, DateTimeWithoutZoneIsRejected) {
  EXPECT_EQ(error_of("2026-03-10T09:30:00"), TimeError::kNoZone);
}

TEST(IsoTime, MalformedTextIsASyntaxError) {
  for (std::string_view text :
       {"", "2026", "2026-3-10", "20260310", "2026-03-10x", "2026-03-10Z", "2026-03-10 09:30:00Z",
        "2026-03-10T09:30Z", "2026-03-10T09:30:00.Z", "2026-03-10T09:30:00+0100",
        "2026-03-10T09:30:00+01", "2026-03-10T09:30:00Z ", " 2026-03-10", "yesterday",
        "2026-03-10T9:30:00Z", "+2026-03-10"}) {
    EXPECT_EQ(error_of(text), TimeError::kSyntax) << text;
  }
}

// `text` reads as `seconds`, and with any of its digits replaced by a
// character just below or just above the digits, or a separator, as none.
void expect_each_digit_checked(const std::string& text, double seconds) {
  EXPECT_EQ(parse_iso_time(text).seconds, seconds) << text;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') continue;
    for (const char c : {'/', ':', '-', 'T', ' '}) {
      std::string changed = text;
      changed[i] = c;
      EXPECT_EQ(error_of(changed), TimeError::kSyntax) << changed;
    }
  }
}

// The usual forms, "YYYY-MM-DDTHH:MM:SSZ" and a date alone, are read at
// fixed positions: every digit position and every separator is checked.
TEST(IsoTime, UsualFormsRefuseANonDigitAnywhere) {
  expect_each_digit_checked("2026-03-10T09:30:00Z", kMarch10 + 9.5 * 3600);
  expect_each_digit_checked("2026-03-10", kMarch10);
  EXPECT_EQ(error_of("2026-03-10T09:30:00X"), TimeError::kSyntax);
  EXPECT_EQ(error_of("2026/03-10T09:30:00Z"), TimeError::kSyntax);
  EXPECT_EQ(error_of("2026-03/10"), TimeError::kSyntax);
  EXPECT_EQ(error_of("2026/03-10"), TimeError::kSyntax);
}

TEST(IsoTime, EveryErrorIsDescribed) {
  EXPECT_EQ(describe(TimeError::kDate), "there is no such calendar date");
  EXPECT_NE(describe(TimeError::kSyntax).find("2026-03-10T09:30:00Z"), std::string_view::npos);
  EXPECT_NE(describe(TimeError::kNoZone).find("+01:00"), std::string_view::npos);
}

}  // namespace
}  // namespace rxr::io
