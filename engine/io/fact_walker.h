// Fills Facts from a parsed request by walking it along the schema. Internal
// to RequestDecoder, which owns the parsed document the walker reads.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "io/decode_request.h"
#include "schema/facts.h"
#include "schema/symbol_table.h"
#include "text/name_policy.h"
#include "units/unit.h"

namespace rxr::io {

// "an array", "a number": what a JSON value is, for "expected ..., got ..." messages.
std::string_view kind_of(simdjson::dom::element value);

class FactWalker {
 public:
  // `names` is a buffer for normalised names, kept by the caller so that
  // decoding does not allocate once it has grown.
  FactWalker(const DecodeLimits& limits, const schema::Schema& schema, const SymbolTable& symbols, Facts& facts,
             std::string& names);

  // Fills the freshly reset facts from the request object.
  void request(simdjson::dom::object root, double now);

 private:
  using Element = simdjson::dom::element;
  using FieldId = schema::FieldId;

  // Where a value sits in the request, for problem paths: a field, or one
  // element of a list field ("patient.conditions[1]").
  struct Location {
    FieldId field;
    int element = -1;
  };

  struct WrittenUnit {
    units::Unit unit;
    std::string_view spelling;  // as the request wrote it, for messages
  };

  // The members of one quantity object, gathered in one pass over its keys:
  // a lab's uln and lln are read in its unit, wherever the unit is written.
  struct QuantityMembers {
    // Positions in `elements`: "value", "unit", then the field's schema
    // members in schema order (a lab's uln, lln, at).
    static constexpr std::size_t kValue = 0;
    static constexpr std::size_t kUnit = 1;
    static constexpr std::size_t kFirstMember = 2;

    // A lab's members (uln, lln, at) are all a quantity ever has.
    static constexpr std::size_t kMaxMembers = 4;
    std::array<Element, kFirstMember + kMaxMembers> elements;
    uint64_t written = 0;     // bit i: elements[i] holds a value other than null
    uint64_t duplicates = 0;  // bit i: the key of elements[i] appears more than once

    std::optional<Element> get(std::size_t i) const {
      if (((written >> i) & 1) == 0) return std::nullopt;
      return elements[i];
    }
    bool duplicate(std::size_t i) const { return ((duplicates >> i) & 1) != 0; }
    // Bit i: schema member i (uln, lln, at) was given, once or more than once.
    uint64_t given_members() const { return (written | duplicates) >> kFirstMember; }
  };

  const schema::Field& spec(FieldId f) const { return fields_[static_cast<std::size_t>(f)]; }
  using Member = schema::Member;
  // Members of record lists live in the row being read, which is always the
  // list's last one; every other value has a scalar slot. Always inline
  // (GCC keeps it out of line otherwise): every value of every request is
  // written through it.
  [[gnu::always_inline]] FactValue& slot(FieldId f) {
    const schema::Field& s = spec(f);
    if (s.parent != schema::kNoField && spec(s.parent).type == schema::FieldType::kRecordList) {
      FactList& list = facts_.lists[spec(s.parent).slot];
      return list.cells[(list.count - 1) * list.width + s.slot];
    }
    return facts_.scalars[s.slot];
  }

  // Walking.
  void members(FieldId parent, simdjson::dom::object object);
  void field(FieldId f, Element value);
  void object(FieldId f, Element value);
  bool open_list(FieldId f, Element value, simdjson::dom::array& items);
  void record_list(FieldId f, Element value);
  void code_list(FieldId f, Element value);

  // Quantities and labs. The steps always inline are taken by every
  // quantity of every request: one call fewer each, their results built in place.
  void quantity(FieldId f, Element value);
  [[gnu::always_inline]] inline QuantityMembers gather(FieldId f, simdjson::dom::object object) const;
  [[gnu::always_inline]] inline std::optional<WrittenUnit> quantity_unit(FieldId f,
                                                                        const std::optional<Element>& written);
  std::optional<WrittenUnit> other_unit(FieldId f, std::string_view spelling);
  [[gnu::always_inline]] inline std::optional<double> quantity_value(FieldId f, const std::optional<Element>& written);
  void not_a_quantity(FieldId f, Element value);
  void lab_members(FieldId f, const QuantityMembers& found, const std::optional<WrittenUnit>& unit);
  void quantity_member(FieldId member, Element value, const std::optional<WrittenUnit>& unit);
  [[gnu::always_inline]] inline void store_quantity(FieldId f, double written, const WrittenUnit& unit);
  void check_limits(FieldId lab, const std::optional<WrittenUnit>& unit);

  // Values. `out` is where the value goes, `spec` how to read it.
  void boolean(FactValue& out, Location at, Element value);
  void number(FactValue& out, Location at, const schema::Field& spec, Element value);
  void time(FactValue& out, Location at, Element value);
  void text(FactValue& out, Location at, const schema::Field& spec, Element value);
  void choice(FactValue& out, Location at, const schema::Field& spec, std::string_view written, std::string_view name);
  // The comparable form of a name (nullopt: refused, reported). Most names
  // arrive in that form already and are used as written, without a copy;
  // inline, so that they cost no call but the check.
  std::optional<std::string_view> normalized_name(Location at, std::string_view written) {
    if (text::is_normalized_name(written)) [[likely]] return written;
    return folded_name(at, written);
  }
  std::optional<std::string_view> folded_name(Location at, std::string_view written);
  // A string value within the length limit. Inline: every string of every
  // request passes here; what is wrong with one is reported out of line.
  std::optional<std::string_view> string(Location at, std::string_view suffix, Element value,
                                         std::string_view expected) {
    std::string_view written;
    if (value.get_string().get(written) == simdjson::SUCCESS && written.size() <= limits_.max_string_bytes) [[likely]] {
      return written;
    }
    not_a_string(at, suffix, value, expected);
    return std::nullopt;
  }
  void not_a_string(Location at, std::string_view suffix, Element value, std::string_view expected);

  // After the walk.
  void default_as_of(double now);
  void check_time_order();
  void check_order(FactValue& later, const FactValue& earlier, Location at, FieldId earlier_field);

  // Problems.
  void report(Location at, std::string_view suffix, std::string message);
  void reject(FactValue& out, Location at, std::string message);
  void duplicate(FieldId f);
  void invalidate(FieldId f);
  std::string path(Location at) const;
  std::string path(FieldId f) const;

  const DecodeLimits& limits_;
  const SymbolTable& symbols_;
  Facts& facts_;
  std::string& names_;
  const schema::Schema& schema_;
  std::span<const schema::Field> fields_;
};

}  // namespace rxr::io
