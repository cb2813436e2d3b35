#include "report/json_writer.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "text/printable.h"
#include "text/utf8.h"

namespace rxr::report {

namespace {

// Sixteen bytes at once, in GCC and Clang's portable vector extension: SSE2
// on x86-64, NEON on ARM, plain words elsewhere.
using Block = unsigned char __attribute__((vector_size(16)));

bool block_needs_a_look(const char* p) {
  Block bytes;
  std::memcpy(&bytes, p, sizeof bytes);
  const auto hits = (bytes < 0x20) | (bytes == '"') | (bytes == '\\') | (bytes >= 0x7F);
  uint64_t halves[2];
  static_assert(sizeof hits == sizeof halves);
  std::memcpy(halves, &hits, sizeof halves);
  return (halves[0] | halves[1]) != 0;
}

// The bytes JSON requires escaped in a string (control characters, '"' and
// '\\'), and those that may start a character a terminal would act on (DEL,
// and the lead bytes of C1 and bidirectional controls), looked at closer.
constexpr std::array<bool, 256> kLook = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  for (int c = 0x7F; c < 0x100; ++c) table[c] = true;
  return table;
}();

bool look(char c) { return kLook[static_cast<unsigned char>(c)]; }

// The first byte in [p, end) that needs an escape, with the length of what
// it escapes (a byte, or a whole character), or end. Message text rarely has
// one, and codes are short, so long runs go sixteen bytes at a time and
// short tails through the table.
const char* first_escaped(const char* p, const char* end, std::size_t& length) {
  constexpr std::ptrdiff_t kBlock = sizeof(Block);
  while (p != end) {
    if (end - p >= kBlock && !block_needs_a_look(p)) {
      p += kBlock;
      continue;
    }
    if (!look(*p)) {
      ++p;
      continue;
    }
    const auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x80) {
      length = 1;
      return p;
    }
    const auto point = text::first_code_point(std::string_view(p, static_cast<std::size_t>(end - p)));
    if (!point) {  // not UTF-8: cannot come from a request (simdjson checks), but never copied blind
      length = 1;
      return p;
    }
    if (text::is_unprintable(point->value)) {
      length = point->bytes;
      return p;
    }
    p += point->bytes;
  }
  return end;
}

}  // namespace

void JsonWriter::string_literal(std::string_view s) {
  out_ += '"';
  const char* const end = s.data() + s.size();
  const char* run = s.data();
  std::size_t length = 0;
  for (const char* p = first_escaped(run, end, length); p != end; p = first_escaped(run, end, length)) {
    out_.append(run, p);
    append_escape(std::string_view(p, length));
    run = p + length;
  }
  out_.append(run, end);
  out_ += '"';
}

void JsonWriter::append_escape(std::string_view escaped) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto c = static_cast<unsigned char>(escaped.front());
  switch (c) {
    case '"': out_ += "\\\""; return;
    case '\\': out_ += "\\\\"; return;
    case '\n': out_ += "\\n"; return;
    case '\r': out_ += "\\r"; return;
    case '\t': out_ += "\\t"; return;
    default: break;
  }
  // A control byte, DEL, or a whole C1 or bidirectional control character
  // (all in the Basic Multilingual Plane), as \uXXXX; a stray byte as U+FFFD.
  uint32_t code = c;
  if (c >= 0x80) {
    const auto point = text::first_code_point(escaped);
    code = point ? static_cast<uint32_t>(point->value) : 0xFFFD;
  }
  const char unicode[] = {'\\', 'u', kHex[(code >> 12) & 0xF], kHex[(code >> 8) & 0xF], kHex[(code >> 4) & 0xF],
                          kHex[code & 0xF]};
  out_.append(unicode, sizeof unicode);
}

}  // namespace rxr::report
