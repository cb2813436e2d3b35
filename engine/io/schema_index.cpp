#include "io/schema_index.h"

#include <stdexcept>
#include <string>

namespace rxr::io {
namespace {

schema::FieldId required_field(std::string_view path) {
  const schema::FieldId id = schema::find_field(path);
  if (id == schema::kNoField) throw std::logic_error("schema has no field " + std::string(path));
  return id;
}

double base_factor(std::string_view unit) {
  const auto found = units::find_unit(unit);
  if (!found) throw std::logic_error("unit table has no " + std::string(unit));
  return found->factor;
}

std::size_t member_limit(schema::FieldId parent) {
  if (parent == schema::kNoField) return SchemaIndex::kMaxMembers;
  const schema::FieldType type = schema::field(parent).type;
  const bool quantity = type == schema::FieldType::kLab || type == schema::FieldType::kQuantity;
  return quantity ? SchemaIndex::kMaxQuantityMembers : SchemaIndex::kMaxMembers;
}

}  // namespace

const SchemaIndex& SchemaIndex::get() {
  static const SchemaIndex index;
  return index;
}

SchemaIndex::SchemaIndex()
    : id_field(required_field("id")),
      as_of_field(required_field("as_of")),
      height_field(required_field("patient.height")),
      weight_field(required_field("patient.weight")),
      bsa_field(required_field("patient.bsa")),
      mm_per_cm(base_factor("cm")),
      mg_per_kg(base_factor("kg")),
      base_per_m2(base_factor("m2")) {
  const auto all = schema::fields();
  members_.resize(all.size() + 1);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const schema::Field& f = all[i];
    auto& siblings = members_[static_cast<std::size_t>(f.parent + 1)];
    siblings.push_back({f.name, static_cast<schema::FieldId>(i)});
    if (siblings.size() > member_limit(f.parent)) {
      throw std::logic_error("too many members for the decoder next to " + std::string(f.path));
    }
  }
}

int SchemaIndex::find(schema::FieldId parent, std::string_view name) const {
  if (name.empty()) return -1;
  const auto siblings = members(parent);
  for (std::size_t i = 0; i < siblings.size(); ++i) {
    const std::string_view candidate = siblings[i].name;
    // Length and first letter rule out nearly every sibling without a memcmp call.
    if (candidate.size() == name.size() && candidate.front() == name.front() && candidate == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace rxr::io
