// JSON string escaping, at every position of the sixteen-byte blocks and their tails.
#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace rxr::report {
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

// Short texts take other paths (eight bytes at once, then byte by byte), and
// values are escaped where they were written, after what precedes them.
TEST(JsonWriter, EscapesAtEveryOffsetOfEveryLength) {
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string text(length, 'x');
      text[at] = '"';
      const std::string expected = std::string(at, 'x') + "\\\"" + std::string(length - 1 - at, 'x');
      std::string appended;
      append_escaped(text, appended);
      EXPECT_EQ(appended, expected) << "length " << length << ", offset " << at;
      const std::string before = "{\"message\":\"";
      std::string in_place = before + text;
      escape_from(before.size(), in_place);
      EXPECT_EQ(in_place, before + expected) << "length " << length << ", offset " << at;
    }
    std::string plain(length, 'x');
    escape_from(0, plain);
    EXPECT_EQ(plain, std::string(length, 'x'));
  }
}

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool terminal_control(char32_t c) {
  return c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Printable ASCII and every other character but the controls below pass as
// they are, in blocks and in tails: all of U+00A0-U+2FFF and a sample beyond.
TEST(JsonWriter, LeavesEveryOtherCharacterAlone) {
  std::string text;
  for (char32_t c = 0x20; c < 0x7F; ++c) {
    if (c != '"' && c != '\\') text += utf8(c);
  }
  for (char32_t c = 0xA0; c < 0x3000; ++c) {
    if (!terminal_control(c)) text += utf8(c);
  }
  for (char32_t c : {U'\uFFFD', U'\U0001F600', U'\U00010348'}) text += utf8(c);
  EXPECT_EQ(as_json_string(text), "\"" + text + "\"");
}

// DEL, C1 controls (U+0080-U+009F, U+009B being a terminal's CSI) and
// bidirectional controls would act on a terminal that shows the JSON: they
// are written as escapes, at every offset of the blocks.
TEST(JsonWriter, EscapesWhatATerminalWouldActOn) {
  constexpr std::size_t kLength = 40;
  for (char32_t special : {U'\x7F', U'\x80', U'\x9B', U'\x9F', U'\u061C', U'\u200E', U'\u202E', U'\u2066', U'\u2069'}) {
    for (std::size_t at = 0; at < kLength; ++at) {
      std::string text(at, 'x');
      text += utf8(special);
      text += std::string(kLength - at, 'y');
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(special));
      EXPECT_EQ(as_json_string(text), "\"" + std::string(at, 'x') + escape + std::string(kLength - at, 'y') + "\"")
          << "U+" << std::hex << static_cast<unsigned>(special) << " at " << std::dec << at;
    }
  }
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
}  // namespace rxr::report
