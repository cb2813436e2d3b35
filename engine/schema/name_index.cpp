#include "schema/name_index.h"

#include "text/name_policy.h"

namespace rxr {

void NameIndex::insert(std::string_view name, uint32_t value) {
  if (find(name)) return;
  if ((count_ + 1) * 2 > slots_.size()) grow();
  Slot slot;
  slot.hash = hash(name);
  slot.offset = static_cast<uint32_t>(names_.size());
  slot.length = static_cast<uint32_t>(name.size());
  slot.value = value;
  // Never the empty name: a request's empty name is a problem, not a match.
  slot.plain = !name.empty() && text::is_normalized_name(name);
  names_.append(name);
  place(slot);
  ++count_;
}

void NameIndex::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.length != kEmpty) place(slot);
  }
}

void NameIndex::place(const Slot& slot) {
  std::size_t i = slot.hash & mask_;
  while (slots_[i].length != kEmpty) i = (i + 1) & mask_;
  slots_[i] = slot;
}

}  // namespace rxr
