// How values read in messages, facts and explanations: the one place that
// decides units, rounding and the spelling of times and names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::report {

enum class Style {
  kMessage,  // for people: "12,000/mm3", "1.48 mg"
  kFact,     // for records: "12000 /mm3"
};

// Each appends to `out`, so that strings kept from request to request are
// filled without allocating.

// Rounded to 4 decimals (enough to see a 0.01% dose difference), trailing
// zeros dropped; kMessage groups thousands.
void append_number(double value, Style style, std::string& out);
// To a tenth, correctly rounded like printf's %.1f, a trailing ".0" dropped: "73", "59.4".
void append_tenths(double value, std::string& out);
// A count or an index: "12".
void append_count(uint64_t value, std::string& out);
// ISO 8601 UTC: "2026-03-10T09:30:00Z".
void append_time(double epoch_seconds, std::string& out);
// A known quantity in `unit` when given (a message's "as mo"), else in the
// unit its type carries (the field's or the literal's), else in its
// dimension's usual unit.
void append_quantity(double base, const compile::Type& type, Style style, std::string& out,
                     std::string_view unit = {}, double unit_factor = 0);
// The unit a number of this type is shown in, when that does not depend on
// the value (all but a duration in its usual unit, hours or days by size):
// `unit` when given (a message's "as"), else the type's, else the
// dimension's usual one; "" for a plain number.
std::optional<units::Unit> fixed_unit(const compile::Type& type, std::string_view unit = {}, double unit_factor = 0);
// What follows a number shown in unit `symbol`: " mg", in messages "/mm3".
void append_unit(std::string_view symbol, Style style, std::string& out);
// A known value of the given type; names lists are joined with ", ".
void append_value(const eval::Value& v, const compile::Type& type, const compile::RuleSet& rules,
                  const eval::Scratch& scratch, Style style, std::string& out, std::string_view unit = {},
                  double unit_factor = 0);

// Whether a value of this kind is written with text from outside the
// engine (a name, free text). The others are digits and the engine's own
// unit symbols, printable ASCII (tests/units), which JSON never escapes.
constexpr bool shows_outside_text(compile::TypeKind kind) {
  return kind == compile::TypeKind::kName || kind == compile::TypeKind::kText || kind == compile::TypeKind::kNames;
}

// Calls `visit` with each name a list value holds, in order.
template <typename Visit>
void for_each_name(const eval::Value& v, const compile::RuleSet& rules, const eval::Scratch& scratch, Visit&& visit) {
  const eval::NameListRef& ref = v.names;
  for (uint32_t i = 0; i < ref.count; ++i) {
    switch (ref.source) {
      case eval::NameListRef::Source::kFacts: visit(ref.facts->cell(i, 0).text); break;
      case eval::NameListRef::Source::kConstants: visit(std::string_view(rules.constants[ref.first + i].text)); break;
      case eval::NameListRef::Source::kCollected: visit(scratch.collected[ref.first + i]->text); break;
      case eval::NameListRef::Source::kNone: break;
    }
  }
}

}  // namespace rxr::report
