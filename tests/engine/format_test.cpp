// How numbers and times read in messages and facts.
#include "report/format.h"
#include "text/decimal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace rxr::report {
namespace {

// The formatters append; these start from an empty string.
std::string format_number(double value, Style style) {
  std::string out;
  append_number(value, style, out);
  return out;
}

std::string format_time(double epoch_seconds) {
  std::string out;
  append_time(epoch_seconds, out);
  return out;
}

TEST(Format, AppendsToWhatIsThere) {
  std::string out = "dose ";
  append_number(1.5, Style::kMessage, out);
  EXPECT_EQ(out, "dose 1.5");
}

TEST(Format, NumbersRoundToFourDecimalsAndDropTrailingZeros) {
  EXPECT_EQ(format_number(1.48, Style::kFact), "1.48");
  EXPECT_EQ(format_number(1.5541, Style::kFact), "1.5541");
  EXPECT_EQ(format_number(0.69375, Style::kFact), "0.6938");
  EXPECT_EQ(format_number(10.0, Style::kFact), "10");
  EXPECT_EQ(format_number(999.99996, Style::kFact), "1000");
  EXPECT_EQ(format_number(-3.5, Style::kFact), "-3.5");
  EXPECT_EQ(format_number(-0.00004, Style::kFact), "0");
  EXPECT_EQ(format_number(0, Style::kFact), "0");
}

TEST(Format, MessagesGroupThousands) {
  EXPECT_EQ(format_number(12000, Style::kMessage), "12,000");
  EXPECT_EQ(format_number(1234567.891, Style::kMessage), "1,234,567.891");
  EXPECT_EQ(format_number(-10000, Style::kMessage), "-10,000");
  EXPECT_EQ(format_number(999, Style::kMessage), "999");
  EXPECT_EQ(format_number(12000, Style::kFact), "12000");
}

// The same numbers written the plain way: rounded to 4 decimals, half away
// from zero, by the library, then trimmed and grouped by string edits.
std::string reference_number(double value, Style style) {
  const long long scaled = std::llround(value * 10000);
  const unsigned long long magnitude = scaled < 0 ? -static_cast<unsigned long long>(scaled) : scaled;
  std::string whole = std::to_string(magnitude / 10000);
  if (style == Style::kMessage) {
    for (int at = static_cast<int>(whole.size()) - 3; at > 0; at -= 3) whole.insert(static_cast<std::size_t>(at), ",");
  }
  std::string fraction = std::to_string(magnitude % 10000);
  fraction.insert(0, 4 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string out = (scaled < 0 ? "-" : "") + whole;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

TEST(Format, NumbersAgreeWithThePlainWayOfWritingThem) {
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 200000; ++i) {
    // Every magnitude from 1e-5 to 1e14, both signs; and whole numbers
    // across every length of group.
    const double magnitude = std::pow(10.0, unit(random) * 19 - 5);
    const double value = (i % 2 == 0 ? 1 : -1) * (i % 3 == 0 ? std::floor(magnitude) : magnitude);
    for (const Style style : {Style::kFact, Style::kMessage}) {
      ASSERT_EQ(format_number(value, style), reference_number(value, style)) << value;
    }
  }
}

std::string format_tenths(double value) {
  std::string out;
  append_tenths(value, out);
  return out;
}

// As printf's %.1f: the exact value rounded, half to even, so 0.25 is 0.2
// and 0.15 (a little under in binary) is 0.1; ".0" is dropped.
TEST(Format, TenthsRoundTheExactValue) {
  EXPECT_EQ(format_tenths(73), "73");
  EXPECT_EQ(format_tenths(59.44), "59.4");
  EXPECT_EQ(format_tenths(59.46), "59.5");
  EXPECT_EQ(format_tenths(0.25), "0.2");
  EXPECT_EQ(format_tenths(0.75), "0.8");
  EXPECT_EQ(format_tenths(0.15), "0.1");
  EXPECT_EQ(format_tenths(0.35), "0.3");
  EXPECT_EQ(format_tenths(9.96), "10");
  EXPECT_EQ(format_tenths(-0.0), "-0");
  EXPECT_EQ(format_tenths(-1.25), "-1.2");
  EXPECT_EQ(format_tenths(1e12), "1000000000000");
}

std::string fixed(double value, int decimals) {
  std::string out;
  text::append_fixed(value, decimals, out);
  return out;
}

// Derived values keep their two decimals, zeros included, as "%.2f" wrote them.
TEST(Format, FixedDecimalsAsPrintf) {
  EXPECT_EQ(fixed(1.8, 2), "1.80");
  EXPECT_EQ(fixed(1.855, 2), "1.85");  // a little under 1.855 in binary
  EXPECT_EQ(fixed(0.125, 2), "0.12");  // an exact half: to even
  EXPECT_EQ(fixed(0.375, 2), "0.38");
  EXPECT_EQ(fixed(2, 1), "2.0");
  EXPECT_EQ(fixed(-0.001, 2), "-0.00");
  EXPECT_EQ(fixed(1e10, 2), "10000000000.00");
}

TEST(Format, TimesAreIsoUtc) {
  EXPECT_EQ(format_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_time(1773135000), "2026-03-10T09:30:00Z");
  EXPECT_EQ(format_time(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_time(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_time(-62135596800), "0001-01-01T00:00:00Z");
}

TEST(Format, TimesOutsideFourDigitYearsKeepTheirSign) {
  EXPECT_EQ(format_time(253402300800), "10000-01-01T00:00:00Z");
  EXPECT_EQ(format_time(-62198755200), "-0001-01-01T00:00:00Z");
}

}  // namespace
}  // namespace rxr::report
