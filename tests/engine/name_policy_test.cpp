// is_normalized_name (text/name_policy.h) is the fast path every drug name
// and code of a request takes: it must say yes exactly when normalize_name
// would leave a printable ASCII name as it is. Checked against
// normalize_name itself on every one- and two-byte string and on random
// strings of boundary bytes and spaces, up to 40 bytes long.
#include "text/name_policy.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace rxr::text {
namespace {

bool printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

bool left_as_it_is(std::string_view text) {
  std::string out;
  return printable_ascii(text) && !normalize_name(text, out).refused() && out == text;
}

TEST(NamePolicy, NormalizedNamesAreRecognised) {
  EXPECT_TRUE(is_normalized_name(""));
  EXPECT_TRUE(is_normalized_name("methylprednisolone sodium succinate"));
  EXPECT_TRUE(is_normalized_name("sodium chloride 0.9%"));
  EXPECT_FALSE(is_normalized_name("Ondansetron"));
  EXPECT_FALSE(is_normalized_name("sodium  chloride"));   // two spaces
  EXPECT_FALSE(is_normalized_name(" ondansetron"));
  EXPECT_FALSE(is_normalized_name("ondansetron "));
  EXPECT_FALSE(is_normalized_name("ondansetro\xC3\xB1"));  // not ASCII, whatever its form
  EXPECT_FALSE(is_normalized_name("ondan\tsetron"));
  EXPECT_FALSE(is_normalized_name("ondansetron\x7F"));
}

TEST(NamePolicy, AgreesWithNormalizeNameOnEveryShortString) {
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    ASSERT_EQ(is_normalized_name(one), left_as_it_is(one)) << a;
    for (int b = 0; b < 256; ++b) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(is_normalized_name(two), left_as_it_is(two)) << a << " " << b;
    }
  }
}

TEST(NamePolicy, AgreesWithNormalizeNameOnRandomStrings) {
  // Both sides of every class boundary, and a letter and a space often.
  const std::string bytes = "\x1F\x20\x21\x40\x41\x5A\x5B\x60\x61\x7A\x7E\x7F\x80\xC3\xFF  aaaa";
  std::mt19937 random(42);
  std::uniform_int_distribution<std::size_t> length(1, 40);
  std::uniform_int_distribution<std::size_t> pick(0, bytes.size() - 1);
  std::size_t recognised = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string text(length(random), 'a');
    // Mostly letters, a few boundary bytes: names that pass are common too.
    for (char& c : text) {
      if (random() % 4 == 0) c = bytes[pick(random)];
    }
    const bool normalized = is_normalized_name(text);
    recognised += normalized;
    ASSERT_EQ(normalized, left_as_it_is(text)) << '"' << text << '"';
  }
  EXPECT_GT(recognised, 1000u);
}

}  // namespace
}  // namespace rxr::text
