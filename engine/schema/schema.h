// The request fields a rule pack reads, as the pack declares them in rule
// text (`field` declarations; rules/common/request.rxr declares the
// contract's core): each path with its type, unit, plausible range and
// allowed codes. Built by the compiler, owned by the RuleSet; the checker
// resolves rule paths against it and the decoder fills facts by it. The
// engine itself knows no request field (docs/rule-language.md, "Declaring
// request fields").
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "schema/name_key.h"
#include "units/unit.h"

namespace rxr::schema {

enum class FieldType : uint8_t {
  kBool,
  kInteger,     // whole number, no unit (cycle, day, grade)
  kNumber,      // a plain number, no unit
  kQuantity,    // {"value", "unit"} of the declared unit's dimension
  kLab,         // a quantity that may carry uln, lln and at
  kTime,        // ISO 8601 string
  kText,        // free text, echoed only (id, reason)
  kCode,        // a code compared through the text policy (route, condition)
  kChoice,      // a code from a closed set (response.status); others are problems
  kDrug,        // a drug name, matched through synonyms and qualifier words
  kCodeList,    // array of codes (patient.conditions)
  kDrugList,    // array of drug names, matched as drug names are (patient.allergies)
  kRecordList,  // array of objects (medications, history.toxicities)
  kObject,      // a grouping object with no value of its own (patient, labs)
};

// The word a `field` declaration writes for a type ("lab", "codes"), and
// back: "group" and "records" for objects and record lists, which are
// declared through their members' paths rather than by a word.
std::string_view field_type_word(FieldType type);
std::optional<FieldType> field_type_of_word(std::string_view word);  // nullopt: not a declarable type

using FieldId = int16_t;
inline constexpr FieldId kNoField = -1;

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// A plausible range in base units: values outside it are typing or unit
// slips, reported as problems. Not a clinical threshold.
struct Range {
  double min = -kUnbounded;  // inclusive, or exclusive when min_exclusive
  double max = kUnbounded;   // inclusive
  bool min_exclusive = false;

  bool contains(double value) const { return (min_exclusive ? value > min : value >= min) && value <= max; }
};

// A unit of another dimension that one field accepts, and how many of the
// field's base units one of it is: "1 mg/dL = 17.1 umol/L" on a bilirubin.
struct Conversion {
  std::string_view unit;  // canonical symbol (units::find_unit)
  double factor = 1;      // base value = written value * factor
};

struct Field {
  std::string path;  // "order.dose"; record members: "history.administrations[].dose"
  std::string name;  // last segment: "dose"
  FieldType type = FieldType::kObject;
  units::Unit unit{};  // kQuantity, kLab: the declared unit, its dimension and how values are shown
  Range range;
  std::vector<std::string> choices;  // kChoice: canonical spellings
  std::vector<Conversion> conversions;
  std::string description;  // what it means, for people (hover, JSON Schema)
  FieldId parent = kNoField;  // the enclosing object or record list
  // Where the decoded value lives: a scalar slot for values outside lists, a
  // list index for lists, a column for members of a record list.
  uint16_t slot = 0;

  const units::Dimension& dimension() const { return unit.dimension; }
  bool is_name_list() const { return type == FieldType::kCodeList || type == FieldType::kDrugList; }
  bool is_list() const { return type == FieldType::kRecordList || is_name_list(); }
};

// A member of an object or record list, for matching request keys.
struct Member {
  std::string_view name;
  FieldId id;
};

// Two times of one request (or of one list entry) in this order: `later`
// before `earlier` (a dilution before its reconstitution) is a problem.
struct TimeOrder {
  FieldId earlier;
  FieldId later;
};

class Schema {
 public:
  // A member's position among its siblings fits a 64-bit "seen" mask, which
  // is how the decoder detects duplicate keys without allocating.
  static constexpr std::size_t kMaxMembers = 64;
  // Fields a pack may declare: ids are 16-bit.
  static constexpr std::size_t kMaxFields = 16000;

  // Building, by the compiler. `add` appends a field under `parent` (which
  // must be an object or a record list) and returns its id; `order` says
  // `later` must not be before `earlier`; `finish` assigns slots and builds
  // the member index. Nothing may be added after `finish`.
  FieldId add(FieldId parent, std::string_view name, FieldType type);
  Field& edit(FieldId id) { return fields_[static_cast<std::size_t>(id)]; }
  void order(FieldId earlier, FieldId later) { orders_.push_back({earlier, later}); }
  void finish();

  std::span<const Field> fields() const { return fields_; }
  const Field& field(FieldId id) const { return fields_[static_cast<std::size_t>(id)]; }
  FieldId find(std::string_view path) const;
  // The member `name` of an object or record list (kNoField: the top level), or kNoField.
  FieldId member(FieldId parent, std::string_view name) const;
  std::span<const Member> members(FieldId parent) const {
    return members_[static_cast<std::size_t>(parent + 1)];
  }
  // Position of `name` in members(parent), or -1 for a key no declaration
  // names. The decoder asks this for every key of every request, so it is
  // one probe of a table built by `finish` rather than a scan of the
  // siblings, and a match is a compare of keys (schema/name_key.h).
  int member_position(FieldId parent, std::string_view name) const {
    return member_position(parent, NameKey::of(name), name);
  }
  int member_position(FieldId parent, const NameKey& key, std::string_view name) const {
    const MemberTable& table = member_tables_[static_cast<std::size_t>(parent + 1)];
    for (uint64_t probe = key.hash();; ++probe) {
      const MemberSlot& slot = member_slots_[table.offset + (probe & table.mask)];
      if (slot.position < 0) return -1;
      if (slot.key == key &&
          (key.whole() || members(parent)[static_cast<std::size_t>(slot.position)].name == name)) {
        return slot.position;
      }
    }
  }

  std::size_t scalar_count() const { return scalars_; }
  std::size_t list_count() const { return lists_; }
  // Columns of a record list (members), or 1 for a code list.
  std::size_t record_width(FieldId list) const;
  // record_width of every list, by its slot: what Facts::reset sets up.
  std::span<const uint32_t> list_widths() const { return list_widths_; }
  std::span<const TimeOrder> time_orders() const { return orders_; }

  // The contract's fields the engine reads itself: the id it echoes and
  // the as_of it replaces by its clock when absent (kNoField: not declared).
  FieldId id_field() const { return id_; }
  FieldId as_of_field() const { return as_of_; }

 private:
  std::vector<Field> fields_;
  std::vector<TimeOrder> orders_;
  // Open addressing over member_slots_: a parent's table is a power of two
  // at least twice its member count, so a probe rarely meets another member.
  struct MemberTable {
    uint32_t offset = 0;
    uint32_t mask = 0;
  };
  struct MemberSlot {
    NameKey key;
    int8_t position = -1;  // in members_[parent + 1]; -1: empty
  };
  void build_member_tables();

  std::vector<std::vector<Member>> members_;  // [parent + 1]; [0] is the top level
  std::vector<MemberTable> member_tables_;    // [parent + 1]
  std::vector<MemberSlot> member_slots_;
  std::vector<uint16_t> widths_;              // per field: columns of a record list
  std::vector<uint32_t> list_widths_;         // per list slot: record_width
  std::size_t scalars_ = 0;
  std::size_t lists_ = 0;
  FieldId id_ = kNoField;
  FieldId as_of_ = kNoField;
};

// A derived value as the response shows it (in `computed` and in the
// problem of an implausible one): two decimals and the field's unit, "1.86 m2".
void append_derived_value(double base, const Field& field, std::string& out);

// The accepted range in `unit` (a unit of the field with `factor` base units
// per unit): "more than 0 mg", "1 to 5", "0.1 to 5 m2". For problem messages.
std::string describe_range(const Range& range, double factor, std::string_view unit);

}  // namespace rxr::schema
