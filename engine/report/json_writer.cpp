#include "report/json_writer.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "text/printable.h"
#include "text/utf8.h"

namespace rxr::report {

namespace {

// Sixteen or eight bytes at once, in GCC and Clang's portable vector
// extension: SSE2 on x86-64, NEON on ARM, plain words elsewhere.
using Block = unsigned char __attribute__((vector_size(16)));
using HalfBlock = unsigned char __attribute__((vector_size(8)));

template <typename Bytes>
bool needs_a_look(const char* p) {
  Bytes bytes;
  std::memcpy(&bytes, p, sizeof bytes);
  const auto hits = (bytes < 0x20) | (bytes == '"') | (bytes == '\\') | (bytes >= 0x7F);
  uint64_t words[sizeof hits / sizeof(uint64_t)];
  static_assert(sizeof hits == sizeof words);
  std::memcpy(words, &hits, sizeof words);
  uint64_t any = 0;
  for (const uint64_t word : words) any |= word;
  return any != 0;
}

bool block_needs_a_look(const char* p) { return needs_a_look<Block>(p); }

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

// Whether [p, end) has no byte to look at, as almost every text has: the
// check the common case pays, in a few blocks, the last one overlapping
// the one before when the length is not a multiple.
bool plain(const char* p, const char* end) {
  const auto size = static_cast<std::size_t>(end - p);
  if (size >= sizeof(Block)) {
    for (; end - p > static_cast<std::ptrdiff_t>(sizeof(Block)); p += sizeof(Block)) {
      if (block_needs_a_look(p)) return false;
    }
    return !block_needs_a_look(end - sizeof(Block));
  }
  if (size >= sizeof(HalfBlock)) {
    return !needs_a_look<HalfBlock>(p) && !needs_a_look<HalfBlock>(end - sizeof(HalfBlock));
  }
  for (; p != end; ++p) {
    if (look(*p)) return false;
  }
  return true;
}

// One byte that JSON requires escaped, or a character no terminal should
// receive as it is: as \uXXXX.
void append_escape(std::string_view escaped, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto c = static_cast<unsigned char>(escaped.front());
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
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
  out.append(unicode, sizeof unicode);
}

// `run` to `end` escaped, given its first escape `p` (`end` when none).
void append_escaped_from(const char* run, const char* p, const char* end, std::size_t length, std::string& out) {
  for (; p != end; p = first_escaped(run, end, length)) {
    out.append(run, p);
    append_escape(std::string_view(p, length), out);
    run = p + length;
  }
  out.append(run, end);
}

}  // namespace

void append_escaped(std::string_view text, std::string& out) {
  const char* const end = text.data() + text.size();
  if (plain(text.data(), end)) {
    out += text;
    return;
  }
  std::size_t length = 0;
  const char* const p = first_escaped(text.data(), end, length);
  append_escaped_from(text.data(), p, end, length, out);
}

void escape_from(std::size_t from, std::string& out) {
  std::size_t length = 0;
  const char* const end = out.data() + out.size();
  if (plain(out.data() + from, end)) return;
  const char* const p = first_escaped(out.data() + from, end, length);
  if (p == end) return;  // only printable characters beyond ASCII
  const auto kept = static_cast<std::size_t>(p - out.data());  // stays where it is
  thread_local std::string rest;
  rest.assign(out, kept);
  out.resize(kept);
  append_escaped_from(rest.data(), rest.data(), rest.data() + rest.size(), length, out);
}

void JsonWriter::string_literal(std::string_view s) {
  out_ += '"';
  append_escaped(s, out_);
  out_ += '"';
}

}  // namespace rxr::report
