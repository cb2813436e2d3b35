#include "api/json_writer.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace rxr::api {

namespace {

// Sixteen bytes at once, in GCC and Clang's portable vector extension: SSE2
// on x86-64, NEON on ARM, plain words elsewhere.
using Block = unsigned char __attribute__((vector_size(16)));

bool block_needs_escape(const char* p) {
  Block bytes;
  std::memcpy(&bytes, p, sizeof bytes);
  const auto hits = (bytes < 0x20) | (bytes == '"') | (bytes == '\\');
  uint64_t halves[2];
  static_assert(sizeof hits == sizeof halves);
  std::memcpy(halves, &hits, sizeof halves);
  return (halves[0] | halves[1]) != 0;
}

// The bytes JSON requires escaped in a string: control characters, '"' and '\\'.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}();

bool escaped(char c) { return kEscaped[static_cast<unsigned char>(c)]; }

// The first byte in [p, end) that needs an escape, or end. Message text
// rarely has one, and codes are short, so long runs go sixteen bytes at a
// time and short tails through the table.
const char* first_escaped(const char* p, const char* end) {
  constexpr std::ptrdiff_t kBlock = sizeof(Block);
  for (; end - p >= kBlock; p += kBlock) {
    if (!block_needs_escape(p)) continue;
    for (int i = 0; i < kBlock; ++i) {
      if (escaped(p[i])) return p + i;
    }
  }
  for (; p != end; ++p) {
    if (escaped(*p)) return p;
  }
  return end;
}

}  // namespace

void JsonWriter::string_literal(std::string_view s) {
  out_ += '"';
  const char* const end = s.data() + s.size();
  const char* run = s.data();
  for (const char* p = first_escaped(run, end); p != end; p = first_escaped(run, end)) {
    out_.append(run, p);
    append_escape(static_cast<unsigned char>(*p));
    run = p + 1;
  }
  out_.append(run, end);
  out_ += '"';
}

void JsonWriter::append_escape(unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': out_ += "\\\""; break;
    case '\\': out_ += "\\\\"; break;
    case '\n': out_ += "\\n"; break;
    case '\r': out_ += "\\r"; break;
    case '\t': out_ += "\\t"; break;
    default: {
      const char unicode[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out_.append(unicode, sizeof unicode);
    }
  }
}

}  // namespace rxr::api
