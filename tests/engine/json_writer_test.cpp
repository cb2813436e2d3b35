// JSON string escaping, at every position of the sixteen-byte blocks and their tails.
#include "api/json_writer.h"

#include <gtest/gtest.h>

namespace rxr::api {
namespace {

std::string as_json_string(std::string_view s) {
  std::string out;
  JsonWriter(out).string(s);
  return out;
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  EXPECT_EQ(as_json_string("plain text, longer than eight bytes"), "\"plain text, longer than eight bytes\"");
  EXPECT_EQ(as_json_string("a\"b\\c\nd\re\tf"), "\"a\\\"b\\\\c\\nd\\re\\tf\"");
  EXPECT_EQ(as_json_string(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(as_json_string("\xC2\xB5mol/L 12,000/mm3 \xE2\x89\xA5"), "\"\xC2\xB5mol/L 12,000/mm3 \xE2\x89\xA5\"");
  EXPECT_EQ(as_json_string(""), "\"\"");
}

TEST(JsonWriter, EscapesAtEveryOffset) {
  constexpr std::size_t kLength = 40;  // two whole blocks and a tail
  for (std::size_t at = 0; at < kLength; ++at) {
    for (char special : {'"', '\\', '\n', '\x02', '\x1f'}) {
      std::string text(kLength, 'x');
      text[at] = special;
      const std::string out = as_json_string(text);
      std::string expected = "\"" + std::string(at, 'x');
      expected += special == '"'    ? "\\\""
                  : special == '\\' ? "\\\\"
                  : special == '\n' ? "\\n"
                  : special == '\x02' ? "\\u0002"
                                      : "\\u001f";
      expected += std::string(kLength - 1 - at, 'x') + "\"";
      EXPECT_EQ(out, expected) << "offset " << at;
    }
  }
}

// Bytes from 0x20 up, UTF-8 included, pass as they are, in blocks and in tails.
TEST(JsonWriter, LeavesEveryOtherByteAlone) {
  std::string text;
  for (int c = 0x20; c < 0x100; ++c) {
    if (c != '"' && c != '\\') text += static_cast<char>(c);
  }
  EXPECT_EQ(as_json_string(text), "\"" + text + "\"");
}

TEST(JsonWriter, NamesFromRulesAreEscapedLikeText) {
  std::string out;
  const std::string name = "odd\"name";
  JsonWriter(out).begin_object().key(std::string_view(name)).raw("1").end_object();
  EXPECT_EQ(out, R"({"odd\"name":1})");
}

TEST(JsonWriter, BuildsObjectsAndArrays) {
  std::string out;
  JsonWriter(out).begin_object().key("a").raw("1").key("b").begin_array().string("x").raw("true").end_array().end_object();
  EXPECT_EQ(out, R"({"a":1,"b":["x",true]})");
}

}  // namespace
}  // namespace rxr::api
