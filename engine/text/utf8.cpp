#include "text/utf8.h"

namespace rxr::text {
namespace {

bool in_range(char c, unsigned char low, unsigned char high) {
  const auto b = static_cast<unsigned char>(c);
  return b >= low && b <= high;
}

// Length of the well-formed sequence at the start of `s`, or 0.
std::size_t sequence_length(std::string_view s) {
  const auto lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < length || !in_range(s[1], low, high)) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!in_range(s[k], 0x80, 0xBF)) return 0;
  }
  return length;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t length = sequence_length(s.substr(i));
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::optional<CodePoint> first_code_point(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const std::size_t length = sequence_length(s);
  if (length == 0) return std::nullopt;
  static constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t point = static_cast<unsigned char>(s[0]) & kLeadMask[length];
  for (std::size_t k = 1; k < length; ++k) point = (point << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return CodePoint{point, length};
}

std::size_t character_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += !continues_sequence(c);
  return n;
}

std::size_t offset_of_character(std::string_view s, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!continues_sequence(s[i]) && seen++ == n) return i;
  }
  return s.size();
}

}  // namespace rxr::text
