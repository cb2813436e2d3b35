#include "api/json_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace rxr::api {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Whether any byte of `v` is below `n` (n <= 128), equal to '"' or to '\\':
// eight bytes tested at once (Bit Twiddling Hacks, "hasless" and "haszero").
// A false positive only sends the chunk to the byte-by-byte path.
bool needs_escape(uint64_t v) {
  auto has_less = [](uint64_t x, uint64_t n) { return ((x - kOnes * n) & ~x & kHighBits) != 0; };
  return has_less(v, 0x20) || has_less(v ^ (kOnes * '"'), 1) || has_less(v ^ (kOnes * '\\'), 1);
}

}  // namespace

// Copies runs of characters that need no escape in one go, testing eight
// bytes at a time: message text rarely has any.
void JsonWriter::string_literal(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t chunk;
      std::memcpy(&chunk, s.data() + i, sizeof chunk);
      if (!needs_escape(chunk)) {
        i += 8;
        continue;
      }
    }
    const std::size_t chunk_end = std::min(s.size(), i + 8);
    for (; i < chunk_end; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xF];
      }
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

}  // namespace rxr::api
