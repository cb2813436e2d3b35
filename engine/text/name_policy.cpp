#include "text/name_policy.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "text/utf8.h"

namespace rxr::text {
namespace {

enum class Mode { kName, kUnit };

bool is_bidi_control(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// Tab, line feed and carriage return separate words like a space does.
bool is_spacing_control(char32_t c) { return c == '\t' || c == '\n' || c == '\r'; }

// Printable ASCII and spacing controls are nearly every name and unit a
// host sends. NFKC leaves them as they are, so only case and spaces need
// work: done in one pass that writes into `out` directly, and gives up
// (false) at the first byte that needs the full policy. Every name of every
// request goes through here, so it avoids a per-byte append.
bool fold_plain_ascii(std::string_view in, Mode mode, std::string& out) {
  out.resize(in.size());
  char* const begin = out.data();
  char* w = begin;
  bool pending_space = false;
  for (const char byte : in) {
    const auto c = static_cast<unsigned char>(byte);
    if (c > ' ' && c < 0x7F) {
      if (pending_space) *w++ = ' ';
      pending_space = false;
      *w++ = mode == Mode::kName && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : byte;
    } else if (c == ' ' || is_spacing_control(c)) {
      pending_space = w != begin;
    } else {
      return false;
    }
  }
  out.resize(static_cast<std::size_t>(w - begin));
  return true;
}

const UNormalizer2* normalizer(Mode mode) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* n =
      mode == Mode::kName ? unorm2_getNFKCCasefoldInstance(&status) : unorm2_getNFKCInstance(&status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normaliser: ") + u_errorName(status));
  return n;
}

// Thread-safe for checking once configured (ICU's uspoof.h), so one serves all.
const USpoofChecker& spoof_checker() {
  static const USpoofChecker* const checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* sc = uspoof_open(&status);
    uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS, &status);
    uspoof_setRestrictionLevel(sc, USPOOF_HIGHLY_RESTRICTIVE);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU spoof checker: ") + u_errorName(status));
    return sc;
  }();
  return *checker;
}

// Working buffers of the slow path, kept per thread so that names which
// fit do not allocate.
struct Utf16Buffers {
  std::u16string decoded;
  std::u16string normalized;
};
Utf16Buffers& buffers() {
  thread_local Utf16Buffers b;
  return b;
}

void append_utf16(char32_t c, std::u16string& out) {
  if (c <= 0xFFFF) {
    out += static_cast<char16_t>(c);
  } else {
    out += static_cast<char16_t>(U16_LEAD(c));
    out += static_cast<char16_t>(U16_TRAIL(c));
  }
}

void append_utf8(char32_t c, std::string& out) {
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
}

NameCheck normalize(std::string_view in, Mode mode, std::string& out) {
  NameCheck check;
  if (fold_plain_ascii(in, mode, out)) return check;
  out.clear();
  if (first_invalid_utf8(in) != std::string_view::npos) {
    check.refusal = Refusal::kInvalidUtf8;
    return check;
  }
  Utf16Buffers& b = buffers();
  b.decoded.clear();
  for (std::size_t i = 0; i < in.size();) {
    const CodePoint point = *first_code_point(in.substr(i));
    i += point.bytes;
    const char32_t c = point.value;
    if (is_spacing_control(c)) {
      b.decoded += u' ';
    } else if (is_control(c) || is_bidi_control(c)) {
      check.refusal = is_control(c) ? Refusal::kControl : Refusal::kBidiControl;
      check.character = c;
      return check;
    } else if (u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      if (check.removed == 0) check.removed = c;
    } else {
      append_utf16(c, b.decoded);
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* n = normalizer(mode);
  const auto length = static_cast<int32_t>(b.decoded.size());
  b.normalized.resize(b.decoded.size() * 3 + 16);  // NFKC expands by at most a factor of 18, rarely 3
  int32_t written = unorm2_normalize(n, b.decoded.data(), length, b.normalized.data(),
                                     static_cast<int32_t>(b.normalized.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    b.normalized.resize(static_cast<std::size_t>(written));
    written = unorm2_normalize(n, b.decoded.data(), length, b.normalized.data(), written, &status);
  }
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalisation: ") + u_errorName(status));
  b.normalized.resize(static_cast<std::size_t>(written));
  if (mode == Mode::kName && written > 0 &&
      uspoof_check2(&spoof_checker(), b.normalized.data(), written, nullptr, &status) != 0) {
    check.refusal = Refusal::kMixedScripts;
    return check;
  }
  bool pending_space = false;
  for (int32_t i = 0; i < written;) {
    UChar32 c;
    U16_NEXT(b.normalized.data(), i, written, c);
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    append_utf8(static_cast<char32_t>(c), out);
  }
  return check;
}

}  // namespace

NameCheck normalize_name(std::string_view text, std::string& out) { return normalize(text, Mode::kName, out); }

NameCheck normalize_unit(std::string_view text, std::string& out) { return normalize(text, Mode::kUnit, out); }

namespace {

// A name already in comparable form holds word bytes (printable ASCII but
// capitals) and single spaces, none at either end. Checked eight bytes at a
// time: NameBytes::add marks, by its high bit, each byte of a word that is
// neither, and each that is a space.
constexpr uint64_t kEveryByte = 0x0101010101010101u;
constexpr uint64_t kHighBits = kEveryByte * 0x80;

// The high bit of each byte of `low` (bytes below 0x80) that is `c` or more:
// adding 0x80 - c cannot carry out of a byte.
constexpr uint64_t at_least(uint64_t low, unsigned char c) { return (low + kEveryByte * (0x80u - c)) & kHighBits; }

// The bytes of the words classified so far.
struct NameBytes {
  uint64_t refused = 0;  // neither a word byte nor a space
  uint64_t spaces = 0;

  void add(uint64_t word) {
    const uint64_t low = word & ~kHighBits;
    const uint64_t printable = at_least(low, 0x20) & ~at_least(low, 0x7F);
    const uint64_t capital = at_least(low, 'A') & ~at_least(low, 'Z' + 1);
    refused |= (word & kHighBits) | (~printable & kHighBits) | capital;
    spaces |= printable & ~at_least(low, 0x21);
  }
};

uint64_t load8(const char* p) {
  uint64_t word = 0;
  std::memcpy(&word, p, 8);
  return word;
}

// More than two words, out of line: the loop's setup would cost every
// short name more than its words do.
[[gnu::noinline]] NameBytes classify_long(const char* p, std::size_t n) {
  NameBytes found;
  for (std::size_t i = 0; i < n; i += 8) found.add(load8(i + 8 <= n ? p + i : p + n - 8));
  return found;
}

}  // namespace

// Every drug and code of a request passes here. Words overlap where the
// length is not a multiple of eight: a byte checked twice is still checked.
bool is_normalized_name(std::string_view text) {
  const std::size_t n = text.size();
  if (n == 0) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  const char* p = text.data();
  NameBytes found;
  if (n > 16) {
    found = classify_long(p, n);
  } else if (n >= 8) {
    found.add(load8(p));
    found.add(load8(p + n - 8));
  } else if (n >= 4) {
    uint32_t first = 0;
    uint32_t last = 0;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    found.add(uint64_t{first} | uint64_t{last} << 32);
  } else {
    // One to three bytes, among 'a's (word bytes).
    std::array<char, 8> padded;
    padded.fill('a');
    std::copy_n(p, n, padded.begin());
    found.add(load8(padded.data()));
  }
  if (found.refused != 0) return false;
  // Two spaces together: rare enough among names with a space at all to look for plainly.
  return found.spaces == 0 || text.find("  ") == std::string_view::npos;
}

bool is_normalized_unit(std::string_view text) {
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

std::string describe_character(char32_t c) {
  char name[128];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = u_charName(static_cast<UChar32>(c), U_UNICODE_CHAR_NAME, name, sizeof name, &status);
  if (U_FAILURE(status) || length <= 0) return fmt::format("U+{:04X}", static_cast<uint32_t>(c));
  return fmt::format("U+{:04X} {}", static_cast<uint32_t>(c), std::string_view(name, static_cast<std::size_t>(length)));
}

std::string describe_refusal(const NameCheck& check) {
  switch (check.refusal) {
    case Refusal::kNone: return {};
    case Refusal::kInvalidUtf8: return "it is not valid UTF-8";
    case Refusal::kControl: return describe_character(check.character) + " is a control character";
    case Refusal::kBidiControl:
      return describe_character(check.character) + " is a bidirectional control character, which can make "
                                                   "text read differently from what it holds";
    case Refusal::kMixedScripts:
      return "it mixes letters of different scripts (such as a Cyrillic or Greek look-alike among Latin "
             "letters); write it in one script";
  }
  return {};
}

}  // namespace rxr::text
