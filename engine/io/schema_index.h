// The schema arranged for decoding: each field's members in one short array,
// so a request key is matched against its siblings only (schema::find_member
// scans every field), and the handful of fields the decoder treats specially.
// Built once per process, on first use.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "schema/field.h"

namespace rxr::io {

struct Member {
  std::string_view name;
  schema::FieldId id;
};

class SchemaIndex {
 public:
  // A member's position among its siblings fits a 64-bit "seen" mask, which
  // is how the decoder detects duplicate keys without allocating.
  static constexpr std::size_t kMaxMembers = 64;
  // A quantity object's members beyond value and unit (a lab's uln, lln and
  // at) are held in a fixed array of this size while the object is read.
  static constexpr std::size_t kMaxQuantityMembers = 4;

  static const SchemaIndex& get();

  std::span<const Member> members(schema::FieldId parent) const {
    return members_[static_cast<std::size_t>(parent + 1)];
  }
  // Position of `name` in members(parent), or -1 for a key the contract does not define.
  int find(schema::FieldId parent, std::string_view name) const;

  schema::FieldId id_field;
  schema::FieldId as_of_field;
  schema::FieldId height_field;
  schema::FieldId weight_field;
  schema::FieldId bsa_field;
  // Base units per cm, kg and m2, for the Mosteller formula.
  double mm_per_cm;
  double mg_per_kg;
  double base_per_m2;

 private:
  SchemaIndex();

  std::vector<std::vector<Member>> members_;  // [parent + 1]; [0] is the top level
};

}  // namespace rxr::io
