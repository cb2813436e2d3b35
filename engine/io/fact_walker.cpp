#include "io/fact_walker.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>

#include "io/iso_time.h"
#include "text/name_policy.h"

namespace rxr::io {
namespace {

using schema::FieldId;
using schema::FieldType;
using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::string_view kBareNumber =
    "expected a quantity {\"value\": ..., \"unit\": ...}; the engine never guesses a unit";

constexpr std::string_view kDuplicateKey = "duplicate key: the request gives this member twice";

// Times of a request lie in these years (1900-01-01 up to 2200-01-01,
// seconds since 1970): a year 0000 or 9999 is a typing slip, not a date.
// Plausibility, not a clinical rule (docs/safety.md).
constexpr double kEarliestTime = -2208988800;
constexpr double kLatestTime = 7258118400;

// Longest piece of request text echoed in a message, so that one bad value
// cannot swamp the response.
constexpr std::size_t kShownBytes = 64;

// Cut on a UTF-8 character boundary so the message stays valid text.
std::string shown(std::string_view text) {
  if (text.size() <= kShownBytes) return std::string(text);
  std::size_t cut = kShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// "a cell count unit", "an enzyme activity unit"; units::describe adds the
// base unit in parentheses, which reads badly in the middle of a sentence.
std::string unit_kind(const units::Dimension& dimension) {
  std::string name = units::describe(dimension);
  if (dimension.dimensionless()) return name;  // "a plain number"
  if (const std::size_t paren = name.find(" ("); paren != std::string::npos) name.resize(paren);
  const bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + name + " unit";
}

std::string choice_list(const schema::Field& spec) {
  std::string out;
  for (std::size_t i = 0; i < spec.choices.size(); ++i) {
    if (i > 0) out += i + 1 == spec.choices.size() ? " or " : ", ";
    out += spec.choices[i];
  }
  return out;
}

// What a string field holds, for "expected a code, got a number".
std::string_view string_noun(const schema::Field& spec) {
  switch (spec.type) {
    case FieldType::kText:
      return "a string";
    case FieldType::kDrug:
      return "a drug name";
    case FieldType::kChoice:
      return "a string";
    default:
      return "a code";
  }
}

// What a non-empty string field must hold, for "empty; expected ...".
std::string expectation(const schema::Field& spec) {
  if (spec.type == FieldType::kChoice) return "one of " + choice_list(spec);
  return std::string(string_noun(spec));
}

// A quantity as written, for messages: "12000 /mm3" rather than "1.2e+04 /mm3".
std::string written_quantity(double value, std::string_view unit) {
  return fmt::format("{} {}", value, unit);
}

}  // namespace

std::string_view kind_of(element value) {
  switch (value.type()) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "true or false";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "an unknown JSON value";
}

FactWalker::FactWalker(const DecodeLimits& limits, const schema::Schema& schema, const SymbolTable& symbols,
                       Facts& facts, std::string& names)
    : limits_(limits),
      symbols_(symbols),
      facts_(facts),
      names_(names),
      schema_(schema),
      fields_(schema.fields()) {}

void FactWalker::request(simdjson::dom::object root, double now) {
  members(schema::kNoField, root);
  if (const FieldId id = schema_.id_field(); id != schema::kNoField && slot(id).present()) {
    facts_.id = slot(id).text;
    facts_.has_id = true;
  }
  default_as_of(now);
  check_time_order();
}

// --- Walking ---------------------------------------------------------------

void FactWalker::field(FieldId f, element value) {
  if (value.is_null()) return;  // the contract reads null as absent
  const schema::Field& s = spec(f);
  switch (s.type) {
    case FieldType::kObject:
      return object(f, value);
    case FieldType::kRecordList:
      return record_list(f, value);
    case FieldType::kCodeList:
    case FieldType::kDrugList:
      return code_list(f, value);
    case FieldType::kQuantity:
    case FieldType::kLab:
      return quantity(f, value);
    case FieldType::kBool:
      return boolean(slot(f), {f}, value);
    case FieldType::kInteger:
    case FieldType::kNumber:
      return number(slot(f), {f}, s, value);
    case FieldType::kTime:
      return time(slot(f), {f}, value);
    case FieldType::kText:
    case FieldType::kCode:
    case FieldType::kChoice:
    case FieldType::kDrug:
      return text(slot(f), {f}, s, value);
  }
}

void FactWalker::members(FieldId parent, simdjson::dom::object object) {
  const auto siblings = schema_.members(parent);
  uint64_t seen = 0;
  for (const simdjson::dom::key_value_pair member : object) {
    const int position = schema_.member_position(parent, member.key);
    if (position < 0) continue;  // keys the contract does not define are ignored
    const FieldId f = siblings[static_cast<std::size_t>(position)].id;
    const uint64_t bit = uint64_t{1} << position;
    if (seen & bit) {
      duplicate(f);
      continue;
    }
    seen |= bit;
    field(f, member.value);
  }
}

void FactWalker::object(FieldId f, element value) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    report({f}, "", fmt::format("expected an object, got {}", kind_of(value)));
    invalidate(f);
    return;
  }
  members(f, object);
}

bool FactWalker::open_list(FieldId f, element value, simdjson::dom::array& items) {
  FactList& list = facts_.lists[spec(f).slot];
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    report({f}, "", fmt::format("expected an array, got {}", kind_of(value)));
    list.presence = Presence::kInvalid;
    return false;
  }
  if (items.size() > limits_.max_list_items) {
    report({f}, "",
           fmt::format("the list has {} items, more than the limit of {}", items.size(),
                       limits_.max_list_items));
    list.presence = Presence::kInvalid;
    return false;
  }
  list.presence = Presence::kPresent;
  list.cells.assign(items.size() * list.width, FactValue{});
  return true;
}

void FactWalker::record_list(FieldId f, element value) {
  simdjson::dom::array items;
  if (!open_list(f, value, items)) return;
  FactList& list = facts_.lists[spec(f).slot];
  for (const element item : items) {
    const uint32_t row = list.count++;
    simdjson::dom::object record;
    if (item.get_object().get(record) != simdjson::SUCCESS) {
      report({f, static_cast<int>(row)}, "",
             fmt::format("expected an object, got {}", kind_of(item)));
      for (uint32_t column = 0; column < list.width; ++column) {
        list.cells[row * list.width + column].presence = Presence::kInvalid;
      }
      continue;
    }
    members(f, record);
  }
}

void FactWalker::code_list(FieldId f, element value) {
  simdjson::dom::array items;
  if (!open_list(f, value, items)) return;
  FactList& list = facts_.lists[spec(f).slot];
  for (const element item : items) {
    const uint32_t row = list.count++;
    text(list.cells[row], {f, static_cast<int>(row)}, spec(f), item);
  }
}

// --- Quantities and labs ---------------------------------------------------

FactWalker::QuantityMembers FactWalker::gather(FieldId f, simdjson::dom::object object) const {
  QuantityMembers found;
  uint64_t seen = 0;
  for (const simdjson::dom::key_value_pair member : object) {
    std::size_t position = 0;
    if (member.key == "value") {
      position = QuantityMembers::kValue;
    } else if (member.key == "unit") {
      position = QuantityMembers::kUnit;
    } else if (const int schema_position = schema_.member_position(f, member.key); schema_position >= 0) {
      position = QuantityMembers::kFirstMember + static_cast<std::size_t>(schema_position);
    } else {
      continue;  // keys the contract does not define are ignored
    }
    const uint64_t bit = uint64_t{1} << position;
    if (seen & bit) {
      found.duplicates |= bit;
      continue;
    }
    seen |= bit;
    if (member.value.is_null()) continue;  // null is absent
    found.elements[position] = member.value;
    found.written |= bit;
  }
  return found;
}

std::optional<FactWalker::WrittenUnit> FactWalker::quantity_unit(
    FieldId f, const std::optional<element>& written) {
  if (!written) {
    report({f}, ".unit", "missing; the engine never guesses a unit");
    return std::nullopt;
  }
  const auto spelling = string({f}, ".unit", *written, "a unit string");
  if (!spelling) return std::nullopt;
  const schema::Field& s = spec(f);
  // Most quantities are written in the unit their field declares: its
  // canonical spelling, which the text policy leaves as it is.
  if (!spelling->empty() && *spelling == s.unit.symbol) return WrittenUnit{s.unit, *spelling};
  return other_unit(f, *spelling);
}

void FactWalker::store_quantity(FieldId f, double written, const WrittenUnit& unit) {
  FactValue& out = slot(f);
  const schema::Field& s = spec(f);
  const double base = written * unit.unit.factor;
  if (!std::isfinite(base)) {
    reject(out, {f}, written_quantity(written, unit.spelling) + " is too large");
    return;
  }
  if (!s.range.contains(base)) {
    reject(out, {f},
           fmt::format("{} is out of range; expected {}", written_quantity(written, unit.spelling),
                       schema::describe_range(s.range, unit.unit.factor, unit.spelling)));
    return;
  }
  out.number = base;
  out.presence = Presence::kPresent;
}

std::optional<double> FactWalker::quantity_value(FieldId f, const std::optional<element>& written) {
  if (!written) {
    report({f}, ".value", "missing; a quantity needs a number in \"value\"");
    return std::nullopt;
  }
  double value = 0;
  if (written->get_double().get(value) != simdjson::SUCCESS) {
    report({f}, ".value", fmt::format("expected a number, got {}", kind_of(*written)));
    return std::nullopt;
  }
  return value;
}

void FactWalker::quantity(FieldId f, element value) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return not_a_quantity(f, value);
  FactValue& out = slot(f);
  const QuantityMembers found = gather(f, object);
  const bool duplicate_value = found.duplicate(QuantityMembers::kValue);
  const bool duplicate_unit = found.duplicate(QuantityMembers::kUnit);
  if (duplicate_value) report({f}, ".value", std::string(kDuplicateKey));
  if (duplicate_unit) report({f}, ".unit", std::string(kDuplicateKey));

  std::optional<WrittenUnit> unit = quantity_unit(f, found.get(QuantityMembers::kUnit));
  const std::optional<double> written = quantity_value(f, found.get(QuantityMembers::kValue));
  if (duplicate_unit) unit.reset();  // which of the two units would uln and lln be in?
  if (unit && written && !duplicate_value) {
    store_quantity(f, *written, *unit);
  } else {
    out.presence = Presence::kInvalid;
  }

  // Most quantities give no member but their value and unit.
  if (found.given_members() != 0) lab_members(f, found, unit);
}

// The members a lab gives (uln, lln, at), in schema order, read in its unit.
void FactWalker::lab_members(FieldId f, const QuantityMembers& found, const std::optional<WrittenUnit>& unit) {
  const auto declared = schema_.members(f);
  for (uint64_t given = found.given_members(); given != 0; given &= given - 1) {
    const auto i = static_cast<std::size_t>(std::countr_zero(given));
    const std::size_t position = QuantityMembers::kFirstMember + i;
    if (found.duplicate(position)) {
      duplicate(declared[i].id);
    } else {
      quantity_member(declared[i].id, found.elements[position], unit);
    }
  }
  // Limits are compared only when a lab gives two or more of its members
  // (most give none, or an upper limit alone).
  const uint64_t members_written = found.written >> QuantityMembers::kFirstMember;
  if (spec(f).type == FieldType::kLab && (members_written & (members_written - 1)) != 0) check_limits(f, unit);
}

void FactWalker::not_a_quantity(FieldId f, element value) {
  reject(slot(f), {f},
         value.is_number() ? std::string(kBareNumber)
                           : fmt::format("expected a quantity {{\"value\": ..., \"unit\": ...}}, got {}",
                                         kind_of(value)));
}

// A lower limit of normal at or above the upper one cannot both be right:
// neither is used.
void FactWalker::check_limits(FieldId lab, const std::optional<WrittenUnit>& unit) {
  FactValue* uln = nullptr;
  FactValue* lln = nullptr;
  for (const Member& member : schema_.members(lab)) {
    if (member.name == "uln") uln = &slot(member.id);
    if (member.name == "lln") lln = &slot(member.id);
  }
  if (uln == nullptr || lln == nullptr || !uln->present() || !lln->present() || lln->number < uln->number) return;
  const double factor = unit ? unit->unit.factor : 1;
  const std::string_view spelling = unit ? unit->spelling : std::string_view();
  report({lab}, ".lln",
         fmt::format("the lower limit {} is not below the upper limit {}", written_quantity(lln->number / factor, spelling),
                     written_quantity(uln->number / factor, spelling)));
  lln->presence = Presence::kInvalid;
  uln->presence = Presence::kInvalid;
}

// A unit spelled otherwise than the field declares: another spelling or
// unit of its dimension, one it declares a conversion for, or a problem.
std::optional<FactWalker::WrittenUnit> FactWalker::other_unit(FieldId f, std::string_view spelling) {
  const schema::Field& s = spec(f);
  // The units index holds normalised spellings only, so a spelling it holds
  // as written needs no check by the text policy; nearly every other one is
  // plain ASCII, which the policy leaves alone.
  auto unit = units::find_normalized_unit(spelling);
  if (!unit && !text::is_normalized_unit(spelling)) {
    const text::NameCheck check = text::normalize_unit(spelling, names_);
    if (check.refused()) {
      report({f}, ".unit", fmt::format("'{}' is refused: {}", shown(spelling), text::describe_refusal(check)));
      return std::nullopt;
    }
    unit = units::find_normalized_unit(names_);
  }
  if (unit && unit->dimension != s.dimension()) {
    // A unit of another dimension this field declares a conversion for
    // (bilirubin in umol/L): read at the declared ratio.
    for (const schema::Conversion& c : s.conversions) {
      if (c.unit == unit->symbol) unit = units::Unit{unit->symbol, s.dimension(), c.factor};
    }
  }
  if (!unit) {
    report({f}, ".unit",
           fmt::format("unknown unit '{}'; expected {} such as {}", shown(spelling),
                       unit_kind(s.dimension()), units::example_units(s.dimension())));
    return std::nullopt;
  }
  if (unit->dimension != s.dimension()) {
    report({f}, ".unit",
           fmt::format("unit '{}' is {}, but {} needs {} such as {}", shown(spelling),
                       unit_kind(unit->dimension), path(f), unit_kind(s.dimension()),
                       units::example_units(s.dimension())));
    return std::nullopt;
  }
  return WrittenUnit{*unit, spelling};
}

// A lab's uln and lln are bare numbers in the lab's own unit; its "at" is a time.
void FactWalker::quantity_member(FieldId member, element value,
                                 const std::optional<WrittenUnit>& unit) {
  if (spec(member).type != FieldType::kQuantity) return field(member, value);
  FactValue& out = slot(member);
  double written = 0;
  if (value.get_double().get(written) != simdjson::SUCCESS) {
    reject(out, {member},
           fmt::format("expected a number in the unit of the lab value, got {}", kind_of(value)));
    return;
  }
  if (!unit) {
    out.presence = Presence::kInvalid;  // the lab's unit problem is reported already
    return;
  }
  store_quantity(member, written, *unit);
}

// --- Values ----------------------------------------------------------------

void FactWalker::boolean(FactValue& out, Location at, element value) {
  bool flag = false;
  if (value.get_bool().get(flag) != simdjson::SUCCESS) {
    reject(out, at, fmt::format("expected true or false, got {}", kind_of(value)));
    return;
  }
  out.number = flag ? 1 : 0;
  out.presence = Presence::kPresent;
}

// Integers and plain numbers: a bare JSON number, no unit.
void FactWalker::number(FactValue& out, Location at, const schema::Field& spec, element value) {
  const bool whole = spec.type == FieldType::kInteger;
  double number = 0;
  if (value.get_double().get(number) != simdjson::SUCCESS) {
    reject(out, at, fmt::format("expected {}, got {}", whole ? "a whole number" : "a number", kind_of(value)));
    return;
  }
  if (whole && std::trunc(number) != number) {
    reject(out, at, fmt::format("expected a whole number, got {}", number));
    return;
  }
  if (!spec.range.contains(number)) {
    reject(out, at,
           fmt::format("{} is out of range; expected {}", number, schema::describe_range(spec.range, 1, "")));
    return;
  }
  out.number = number;
  out.presence = Presence::kPresent;
}

void FactWalker::time(FactValue& out, Location at, element value) {
  const auto written = string(at, "", value, "an ISO 8601 time such as 2026-03-10T09:30:00Z");
  if (!written) {
    out.presence = Presence::kInvalid;
    return;
  }
  const ParsedTime parsed = parse_iso_time(*written);
  if (parsed.error != TimeError::kNone) {
    reject(out, at,
           fmt::format("'{}' is not a valid time: {}", shown(*written), describe(parsed.error)));
    return;
  }
  if (parsed.seconds < kEarliestTime || parsed.seconds >= kLatestTime) {
    reject(out, at, fmt::format("'{}' is not a plausible time; expected one from 1900 to 2199", shown(*written)));
    return;
  }
  out.number = parsed.seconds;
  out.text = *written;  // as written, for messages about its order
  out.presence = Presence::kPresent;
}

// Text, codes, drugs and choices: all strings. Codes, drugs and choices are
// matched, so they pass the text policy first. They may not be empty, with
// one exception: an entry of a drug list (medications[2].drug) whose name is
// empty names no drug; it is absent, so that a rule that needs it reports
// the unidentified entry by its index (clinical M3).
void FactWalker::text(FactValue& out, Location at, const schema::Field& spec, element value) {
  const auto written = string(at, "", value, string_noun(spec));
  if (!written) {
    out.presence = Presence::kInvalid;
    return;
  }
  out.text = *written;
  if (spec.type == FieldType::kText) {
    out.presence = Presence::kPresent;
    return;
  }
  // Most names are written exactly as the rules spell them, in plain
  // comparable form: the text policy would leave such a name as it is, so it
  // is matched before the policy is asked (schema/symbol_table.h). A choice
  // goes the usual way, which stores its canonical spelling.
  if (spec.type != FieldType::kChoice) {
    if (const Symbol known = symbols_.find_as_written(*written); known != kUnknownSymbol) {
      out.symbol = known;
      out.presence = Presence::kPresent;
      return;
    }
  }
  const std::optional<std::string_view> name = normalized_name(at, *written);
  if (!name) {
    out.presence = Presence::kInvalid;
    return;
  }
  if (name->empty()) {
    const bool list_entry = spec.parent != schema::kNoField && fields_[spec.parent].type == FieldType::kRecordList;
    if (spec.type != FieldType::kDrug || !list_entry) reject(out, at, "empty; expected " + expectation(spec));
    return;
  }
  if (spec.type == FieldType::kChoice) return choice(out, at, spec, *written, *name);
  const bool drug = spec.type == FieldType::kDrug || spec.type == FieldType::kDrugList;
  out.symbol = drug ? symbols_.find_drug(*name) : symbols_.find_code(*name);
  out.presence = Presence::kPresent;
}

// A name not yet in comparable form, folded into names_.
std::optional<std::string_view> FactWalker::folded_name(Location at, std::string_view written) {
  const text::NameCheck check = text::normalize_name(written, names_);
  if (check.refused()) {
    report(at, "", fmt::format("'{}' is refused: {}", shown(written), text::describe_refusal(check)));
    return std::nullopt;
  }
  return std::string_view(names_);
}

void FactWalker::choice(FactValue& out, Location at, const schema::Field& spec, std::string_view written,
                        std::string_view name) {
  for (const std::string_view canonical : spec.choices) {
    if (equal_ignoring_case(canonical, name)) {
      out.text = canonical;
      out.symbol = symbols_.find_code(name);
      out.presence = Presence::kPresent;
      return;
    }
  }
  reject(out, at,
         fmt::format("unknown value '{}'; expected one of {}", shown(written), choice_list(spec)));
}

void FactWalker::not_a_string(Location at, std::string_view suffix, element value, std::string_view expected) {
  std::string_view written;
  if (value.get_string().get(written) != simdjson::SUCCESS) {
    report(at, suffix, fmt::format("expected {}, got {}", expected, kind_of(value)));
    return;
  }
  report(at, suffix,
         fmt::format("the text is {} bytes, longer than the limit of {} bytes", written.size(),
                     limits_.max_string_bytes));
}

// --- After the walk --------------------------------------------------------

// Every time-relative rule needs as_of, so an absent one is the decoding
// moment; a present but invalid one stays invalid and is a problem.
void FactWalker::default_as_of(double now) {
  facts_.as_of = now;
  const FieldId id = schema_.as_of_field();
  if (id == schema::kNoField) return;
  FactValue& as_of = slot(id);
  if (as_of.presence == Presence::kAbsent) {
    as_of.number = now;
    as_of.presence = Presence::kPresent;
  }
  if (as_of.present()) facts_.as_of = as_of.number;
}

// Times the schema orders (a reconstitution before its dilution) in the
// wrong order: the later one is not used, because one of them is wrong.
// Times of a list entry are compared within the entry.
void FactWalker::check_time_order() {
  for (const schema::TimeOrder& order : schema_.time_orders()) {
    const schema::Field& later = spec(order.later);
    const schema::Field& earlier = spec(order.earlier);
    if (later.parent == schema::kNoField || spec(later.parent).type != FieldType::kRecordList) {
      check_order(slot(order.later), slot(order.earlier), {order.later}, order.earlier);
      continue;
    }
    FactList& list = facts_.lists[spec(later.parent).slot];
    for (uint32_t row = 0; row < list.count; ++row) {
      FactValue& later_cell = list.cells[row * list.width + later.slot];
      const FactValue& earlier_cell = list.cells[row * list.width + earlier.slot];
      check_order(later_cell, earlier_cell, {order.later, static_cast<int>(row)}, order.earlier);
    }
  }
}

// Within a list entry the earlier time is named by its member name alone.
void FactWalker::check_order(FactValue& later, const FactValue& earlier, Location at, FieldId earlier_field) {
  if (!later.present() || !earlier.present() || later.number >= earlier.number) return;
  const std::string earlier_name = at.element >= 0 ? spec(earlier_field).name : path(earlier_field);
  reject(later, at,
         fmt::format("'{}' is before {} '{}'; one of the two times is wrong", shown(later.text), earlier_name,
                     shown(earlier.text)));
}

// --- Problems --------------------------------------------------------------

void FactWalker::report(Location at, std::string_view suffix, std::string message) {
  std::string where = path(at);
  where += suffix;
  facts_.problems.push_back({std::move(where), std::move(message)});
}

void FactWalker::reject(FactValue& out, Location at, std::string message) {
  report(at, "", std::move(message));
  out.presence = Presence::kInvalid;
}

// The first value is not trusted over the second, nor the other way round:
// the field, and everything under it, is unusable.
void FactWalker::duplicate(FieldId f) {
  report({f}, "", std::string(kDuplicateKey));
  invalidate(f);
}

void FactWalker::invalidate(FieldId f) {
  const schema::Field& s = spec(f);
  switch (s.type) {
    case FieldType::kObject:
      break;
    case FieldType::kRecordList:
    case FieldType::kCodeList:
    case FieldType::kDrugList:
      facts_.lists[s.slot].presence = Presence::kInvalid;
      return;
    default:
      slot(f).presence = Presence::kInvalid;
      break;
  }
  for (const Member& member : schema_.members(f)) invalidate(member.id);
}

std::string FactWalker::path(Location at) const {
  std::string out = path(at.field);
  if (at.element >= 0) out += fmt::format("[{}]", at.element);
  return out;
}

// Record members are named with the row being read: "history.toxicities[0].grade".
std::string FactWalker::path(FieldId f) const {
  const schema::Field& s = spec(f);
  if (s.parent == schema::kNoField) return std::string(s.name);
  std::string out = path(s.parent);
  const schema::Field& parent = spec(s.parent);
  if (parent.type == FieldType::kRecordList) {
    out += fmt::format("[{}]", facts_.lists[parent.slot].count - 1);
  }
  out += '.';
  out += s.name;
  return out;
}

}  // namespace rxr::io
