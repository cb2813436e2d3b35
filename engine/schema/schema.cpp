#include "schema/schema.h"

#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "text/decimal.h"

namespace rxr::schema {

namespace {

struct TypeWord {
  std::string_view word;
  FieldType type;
};

constexpr TypeWord kTypeWords[] = {
    {"bool", FieldType::kBool},     {"integer", FieldType::kInteger}, {"number", FieldType::kNumber},
    {"text", FieldType::kText},     {"code", FieldType::kCode},       {"codes", FieldType::kCodeList},
    {"drug", FieldType::kDrug},     {"drugs", FieldType::kDrugList},  {"time", FieldType::kTime},
    {"choice", FieldType::kChoice},
    {"quantity", FieldType::kQuantity}, {"lab", FieldType::kLab},
};

}  // namespace

std::string_view field_type_word(FieldType type) {
  for (const TypeWord& word : kTypeWords) {
    if (word.type == type) return word.word;
  }
  return type == FieldType::kRecordList ? "records" : "group";
}

std::optional<FieldType> field_type_of_word(std::string_view word) {
  for (const TypeWord& known : kTypeWords) {
    if (known.word == word) return known.type;
  }
  return std::nullopt;
}

FieldId Schema::add(FieldId parent, std::string_view name, FieldType type) {
  Field f;
  f.type = type;
  f.name = name;
  f.parent = parent;
  if (parent != kNoField) {
    const Field& p = field(parent);
    f.path = p.path + (p.type == FieldType::kRecordList ? "[]." : ".");
  }
  f.path += name;
  fields_.push_back(std::move(f));
  return static_cast<FieldId>(fields_.size() - 1);
}

void Schema::finish() {
  members_.assign(fields_.size() + 1, {});
  widths_.assign(fields_.size(), 0);
  scalars_ = 0;
  lists_ = 0;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    Field& f = fields_[i];
    const auto id = static_cast<FieldId>(i);
    members_[static_cast<std::size_t>(f.parent + 1)].push_back({f.name, id});
    const bool in_record = f.parent != kNoField && field(f.parent).type == FieldType::kRecordList;
    if (f.is_list()) {
      f.slot = static_cast<uint16_t>(lists_++);
    } else if (in_record) {
      f.slot = widths_[static_cast<std::size_t>(f.parent)]++;
    } else if (f.type != FieldType::kObject) {
      f.slot = static_cast<uint16_t>(scalars_++);
    }
  }
  list_widths_.assign(lists_, 1);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const auto id = static_cast<FieldId>(i);
    if (fields_[i].is_list()) list_widths_[fields_[i].slot] = static_cast<uint32_t>(record_width(id));
  }
  build_member_tables();
  id_ = find("id");
  as_of_ = find("as_of");
}

FieldId Schema::find(std::string_view path) const {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].path == path) return static_cast<FieldId>(i);
  }
  return kNoField;
}

// Load time, possibly before `finish` has built the member tables: a scan.
FieldId Schema::member(FieldId parent, std::string_view name) const {
  if (name.empty()) return kNoField;
  for (const Member& m : members(parent)) {
    if (m.name == name) return m.id;
  }
  return kNoField;
}

void Schema::build_member_tables() {
  member_tables_.assign(members_.size(), {});
  member_slots_.clear();
  for (std::size_t parent = 0; parent < members_.size(); ++parent) {
    const std::vector<Member>& siblings = members_[parent];
    std::size_t size = 2;
    while (size < siblings.size() * 2) size *= 2;
    MemberTable& table = member_tables_[parent];
    table.offset = static_cast<uint32_t>(member_slots_.size());
    table.mask = static_cast<uint32_t>(size - 1);
    member_slots_.resize(member_slots_.size() + size);
    for (std::size_t i = 0; i < siblings.size() && i < kMaxMembers; ++i) {
      if (siblings[i].name.empty()) continue;
      const NameKey key = NameKey::of(siblings[i].name);
      uint64_t probe = key.hash();
      while (member_slots_[table.offset + (probe & table.mask)].position >= 0) ++probe;
      member_slots_[table.offset + (probe & table.mask)] = {key, static_cast<int8_t>(i)};
    }
  }
}

std::size_t Schema::record_width(FieldId list) const {
  if (field(list).is_name_list()) return 1;
  return widths_[static_cast<std::size_t>(list)];
}

namespace {

std::string with_unit(double value, std::string_view unit) {
  return unit.empty() ? fmt::format("{:g}", value) : fmt::format("{:g} {}", value, unit);
}

}  // namespace

void append_derived_value(double base, const Field& field, std::string& out) {
  text::append_fixed(base / field.unit.factor, 2, out);
  out += ' ';
  out += field.unit.symbol;
}

std::string describe_range(const Range& range, double factor, std::string_view unit) {
  const double min = range.min / factor;
  const double max = range.max / factor;
  const bool bounded_below = std::isfinite(range.min);
  const bool bounded_above = std::isfinite(range.max);
  if (bounded_below && bounded_above) {
    if (range.min_exclusive) {
      return fmt::format("more than {} and at most {}", with_unit(min, unit), with_unit(max, unit));
    }
    return fmt::format("{:g} to {}", min, with_unit(max, unit));
  }
  if (bounded_below) return (range.min_exclusive ? "more than " : "at least ") + with_unit(min, unit);
  if (bounded_above) return "at most " + with_unit(max, unit);
  return "any value";
}

}  // namespace rxr::schema
