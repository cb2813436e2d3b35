#include "eval/derive.h"

#include <iterator>

#include <fmt/format.h>

namespace rxr::eval {

void derive(const compile::RuleSet& rules, Facts& facts, Scratch& scratch) {
  for (std::size_t i = 0; i < rules.derivations.size(); ++i) {
    const compile::Derivation& derivation = rules.derivations[i];
    const schema::Field& field = rules.schema.field(derivation.field);
    FactValue& slot = facts.scalar(field);
    if (slot.presence != Presence::kAbsent) continue;  // given, or given and invalid: never replaced
    // Each derivation sees the facts as the ones before it left them.
    scratch.reset(rules);
    const Value value = Evaluator(rules, facts, scratch).eval(derivation.value);
    if (!value.known) continue;
    if (!field.range.contains(value.number)) {
      std::string message;
      schema::append_derived_value(value.number, field, message);
      message += " computed from ";
      for (std::size_t k = 0; k < derivation.inputs.size(); ++k) {
        if (k > 0) message += k + 1 == derivation.inputs.size() ? " and " : ", ";
        message += rules.schema.field(derivation.inputs[k]).path;
      }
      fmt::format_to(std::back_inserter(message), " ({}) is out of range; expected {}; check {}", derivation.label,
                     schema::describe_range(field.range, field.unit.factor, field.unit.symbol),
                     derivation.inputs.size() == 1 ? "it" : "them");
      facts.problems.push_back({field.path, std::move(message)});
      slot.presence = Presence::kInvalid;
      continue;
    }
    slot.number = value.number;
    slot.presence = Presence::kPresent;
    facts.derived.push_back(static_cast<uint32_t>(i));
  }
}

}  // namespace rxr::eval
