#include "io/json_error.h"

#include <gtest/gtest.h>

#include <string>

namespace rxr::io {
namespace {

constexpr std::size_t kDepth = 64;

struct Case {
  std::string text;
  std::size_t offset;
  std::string_view reason;
};

void expect_error(const Case& c, std::size_t max_depth = kDepth) {
  const auto site = find_json_error(c.text, max_depth);
  ASSERT_TRUE(site.has_value()) << c.text;
  EXPECT_EQ(site->offset, c.offset) << c.text;
  EXPECT_EQ(site->reason, c.reason) << c.text;
}

TEST(JsonError, ValidJsonHasNone) {
  for (std::string_view text :
       {"{}", "[]", " {\"a\": [1, -2.5e-3, true, false, null, \"x\"]} \n", "0", "-0", "\"\"",
        "18446744073709551615", "-9223372036854775808", "1e-400", "1.5E+10",
        "\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"", "\"\xC2\xB5g\"", "{\"a\":{\"b\":{}}}"}) {
    EXPECT_FALSE(find_json_error(text, kDepth).has_value()) << text;
  }
}

TEST(JsonError, StructureErrors) {
  expect_error({"{\"id\": \"x\",}", 11, "expected a string key"});
  expect_error({"{\"a\" 1}", 5, "expected ':' after the key"});
  expect_error({"{\"a\":1 \"b\":2}", 7, "expected ',' or '}'"});
  expect_error({"[1 2]", 3, "expected ',' or ']'"});
  expect_error({"[1,]", 3, "expected a value"});
  expect_error({"{\"a\":tru}", 5, "expected a value"});
  expect_error({"{\"a\":1}x", 7, "unexpected text after the JSON value"});
  expect_error({"{} {}", 3, "unexpected text after the JSON value"});
  expect_error({"\xEF\xBB\xBF{}", 0, "expected a value"});  // a byte order mark is not JSON
}

TEST(JsonError, TruncatedAndEmptyText) {
  expect_error({"{\"a\":1", 6, "the text ends before the JSON value does"});
  expect_error({"{\"a\":[1,{\"b\":", 13, "the text ends before the JSON value does"});
  expect_error({"", 0, "there is no JSON value"});
  expect_error({"  \n", 3, "there is no JSON value"});
}

TEST(JsonError, StringErrors) {
  expect_error({"{\"a\":\"abc", 5, "the string is never closed"});
  expect_error({"[\"a\\x\"]", 3, "invalid escape sequence"});
  expect_error({"[\"\\u12G4\"]", 2, "invalid \\u escape"});
  expect_error({"[\"\\ud800\"]", 2, "unpaired UTF-16 surrogate escape"});
  expect_error({"[\"\\udc00\"]", 2, "unpaired UTF-16 surrogate escape"});
  expect_error({"[\"\\ud800\\u0041\"]", 2, "unpaired UTF-16 surrogate escape"});
  expect_error({std::string("[\"a\x01\"]"), 3, "a control character in a string must be escaped"});
}

TEST(JsonError, InvalidUtf8IsFoundAnywhere) {
  constexpr std::string_view kReason = "the text is not valid UTF-8";
  expect_error({"[\"ab\xFF\"]", 4, kReason});
  expect_error({"{} \xFF", 3, kReason});                 // before the grammar error it also is
  expect_error({"[\"\xC0\xAF\"]", 2, kReason});          // overlong '/'
  expect_error({"[\"\xED\xA0\x80\"]", 2, kReason});      // encoded surrogate
  expect_error({"[\"\xF4\x90\x80\x80\"]", 2, kReason});  // above U+10FFFF
  expect_error({"[\"\xE2\x82\"]", 2, kReason});          // cut short
}

TEST(JsonError, NumberErrors) {
  expect_error({"[01]", 2, "expected ',' or ']'"});
  expect_error({"[1.]", 3, "expected a digit after the decimal point"});
  expect_error({"[1e]", 3, "expected a digit in the exponent"});
  expect_error({"[-]", 2, "expected a digit"});
  expect_error({"[.5]", 1, "expected a value"});
  expect_error({"[1e400]", 1, "the number is out of range"});
  expect_error({"[-1.5e400]", 1, "the number is out of range"});
  expect_error({"[1e99999999999999999999]", 1, "the number is out of range"});
  expect_error({"[18446744073709551616]", 1, "the number is out of range"});
  expect_error({"[-9223372036854775809]", 1, "the number is out of range"});
}

TEST(JsonError, DepthCountsNonEmptyArraysAndObjects) {
  EXPECT_FALSE(find_json_error("[[[1]]]", 3).has_value());
  expect_error({"[[[1]]]", 2, "arrays and objects are nested too deeply"}, 2);
  expect_error({"{\"a\":{\"b\":{\"c\":1}}}", 10, "arrays and objects are nested too deeply"}, 2);
  // Empty containers open no level, as in simdjson.
  EXPECT_FALSE(find_json_error("[[[ ]]]", 2).has_value());
  EXPECT_FALSE(find_json_error("{\"a\":{\"b\":{}}}", 2).has_value());
  EXPECT_FALSE(find_json_error("{}", 0).has_value());
  expect_error({"[{ ]", 3, "expected a string key"}, 2);
}

}  // namespace
}  // namespace rxr::io
