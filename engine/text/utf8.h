// UTF-8 as the rule-file front end and the request decoder read it: checks
// that refuse text that is not UTF-8 with the offset of the first bad byte,
// and the character counting that diagnostics' columns are made of.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace rxr::text {

// Offset of the first byte that does not start a well-formed UTF-8 sequence
// (no overlong forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view s);

struct CodePoint {
  char32_t value;
  std::size_t bytes;  // its length in UTF-8
};

// The code point `s` starts with, when it starts with a well-formed one.
std::optional<CodePoint> first_code_point(std::string_view s);

// Characters are counted as spans count them: the bytes that do not continue
// a UTF-8 sequence (a column is a character, whatever its width in bytes).
inline bool continues_sequence(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
std::size_t character_count(std::string_view s);
// Byte offset of character `n` (0-based) of `s`; s.size() when it has no more.
std::size_t offset_of_character(std::string_view s, std::size_t n);

// A character a terminal acts on instead of showing: C0 controls other than
// tab, DEL, and C1 controls (U+0080-U+009F, such as U+009B, a terminal's CSI).
inline bool is_control(char32_t c) { return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F); }

}  // namespace rxr::text
