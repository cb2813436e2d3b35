// UTF-8 checks shared by the rule-file front end and the request decoder:
// both refuse text that is not UTF-8 with the offset of the first bad byte.
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

}  // namespace rxr::text
