// A name as its length and two 8-byte words, read without a loop over it:
// what the decoder matches every request key with and the symbol table
// hashes every drug name with. Names of up to 16 bytes are equal exactly
// when their keys are, so a match of a request key against a member name is
// a compare of three words instead of a call to memcmp.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace rxr::schema {

struct NameKey {
  // Bytes a key holds whole: longer names are equal when their keys and
  // their middles are.
  static constexpr std::size_t kWholeBytes = 16;

  uint64_t head = 0;  // the first eight bytes (a shorter name: all of it, see of())
  uint64_t tail = 0;  // the last eight bytes
  uint64_t length = 0;

  // Overlapping loads cover every byte of a name of up to 16 bytes; under
  // four bytes, the first, middle and last byte are all of them.
  static NameKey of(std::string_view name) {
    NameKey key;
    key.length = name.size();
    const char* p = name.data();
    const std::size_t n = name.size();
    if (n >= 8) {
      std::memcpy(&key.head, p, 8);
      std::memcpy(&key.tail, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t first = 0;
      uint32_t last = 0;
      std::memcpy(&first, p, 4);
      std::memcpy(&last, p + n - 4, 4);
      key.head = uint64_t{first} | uint64_t{last} << 32;
    } else if (n > 0) {
      const auto byte = [&](std::size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
      key.head = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
    }
    return key;
  }

  // One multiply: every key of every request is hashed, and a clash costs
  // a probe, never a wrong answer. The fold brings the product's
  // well-mixed high bits down to the low ones that tables mask.
  uint64_t hash() const {
    const uint64_t h = (head ^ (tail << 1) ^ length) * 0x9E3779B97F4A7C15u;
    return h ^ (h >> 32);
  }

  bool whole() const { return length <= kWholeBytes; }

  friend bool operator==(const NameKey& a, const NameKey& b) {
    return a.head == b.head && a.tail == b.tail && a.length == b.length;
  }
};

}  // namespace rxr::schema
