// Names to numbers in one flat, open-addressed table: the symbol table's
// index of drug names, codes and qualifier words. Every drug and code of
// every request is looked up here, so a lookup is one hash of a few loads
// (not a loop over the name), one probe in the usual case, and one compare;
// std::unordered_map costs a loop over the name, a division and a pointer
// chase for the same answer.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/name_key.h"

namespace rxr {

class NameIndex {
 public:
  // Keeps the first value given for a name, as std::unordered_map::emplace does.
  void insert(std::string_view name, uint32_t value);

  std::optional<uint32_t> find(std::string_view name) const {
    const Slot* slot = slot_of(name);
    if (slot == nullptr) return std::nullopt;
    return slot->value;
  }
  // The same for a non-empty name in plain comparable form
  // (text::is_normalized_name, worked out once by insert): nullopt for any
  // other, even one held.
  std::optional<uint32_t> find_plain(std::string_view name) const {
    const Slot* slot = slot_of(name);
    if (slot == nullptr || !slot->plain) return std::nullopt;
    return slot->value;
  }

  std::size_t size() const { return count_; }

 private:
  static constexpr uint32_t kEmpty = ~uint32_t{0};

  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0;  // into names_
    uint32_t length = kEmpty;
    uint32_t value = 0;
    bool plain = false;
  };

  const Slot* slot_of(std::string_view name) const {
    if (slots_.empty()) return nullptr;
    const uint64_t h = hash(name);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.length == kEmpty) return nullptr;
      if (slot.hash == h && slot.length == name.size() &&
          std::memcmp(names_.data() + slot.offset, name.data(), name.size()) == 0) {
        return &slot;
      }
    }
  }

  // schema/name_key.h: the names of one pack differ in their length or
  // their first or last eight bytes, and a clash costs one more compare,
  // never a wrong answer.
  static uint64_t hash(std::string_view name) { return schema::NameKey::of(name).hash(); }

  void grow();
  void place(const Slot& slot);

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::size_t mask_ = 0;
  std::size_t count_ = 0;
  std::string names_;        // every name, one after another
};

}  // namespace rxr
