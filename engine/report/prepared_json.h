// The parts of a JSON response that depend only on the rule pack, escaped
// once when the pack is loaded: a verification copies them instead of
// scanning the same ids, citations and message text for every request.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "compile/rule_set.h"

namespace rxr::report {

// A piece of a message template, ready to write.
struct PreparedPiece {
  std::string literal;  // a literal piece, escaped
  // A number placeholder whose unit does not depend on its value: shown
  // divided by `factor`, then `unit` (" mg", "/mm3"). 0 for any other.
  double factor = 0;
  std::string unit;
};

// A value a finding shows in "facts", ready to write.
struct PreparedFact {
  enum class Form {
    kValue,     // by its type (format.h's append_value)
    kNumber,    // a plain number, bare
    kQuantity,  // a number with a unit that does not depend on its value, as a string
  };
  Form form = Form::kValue;
  // What precedes the value: ,"facts":{"labs.anc":  for the first fact
  // shown, ,"labs.anc":  for the others; with a quantity's opening quote.
  std::string first_key, key;
  double factor = 0;  // kQuantity: the value divided by this,
  std::string unit;   // then this, closing quote included: ` mmol/L"`
};

// What a rule's findings always write, as JSON text.
struct RuleJson {
  // {"rule":"INO-DOSE-002","category":"regimen","severity":"warn","message":"
  // by severity (compile::Severity): an undecided finding warns whatever its rule's.
  std::array<std::string, 3> head;
  std::string source;  // ","source":"..."  (closes the message)
  std::vector<PreparedFact> facts;  // as Rule::facts
  std::vector<PreparedPiece> message, missing_message;  // as the templates' pieces
  // The engine's message of an undecided finding: its start before the
  // missing data, and the whole of it when the rule matched no case.
  std::string cannot_check, no_case;
};

struct PreparedJson {
  std::string ruleset_and_engine;  // "ruleset":{...},"engine":{...}
  std::vector<RuleJson> rules;     // as RuleSet::rules
  // A derived value in "computed": "body.bsa":"1.86 m2 (Mosteller)" is
  // `key`, the value, `label`.
  struct Derived {
    std::string key;    // "body.bsa":"
    std::string label;  //  (Mosteller)"
  };
  std::vector<Derived> derived;  // as RuleSet::derivations
};

// Fills rules.json; once the pack is complete, fingerprint included.
void prepare_json(compile::RuleSet& rules);

inline const RuleJson& json_of(const compile::RuleSet& rules, const compile::Rule& rule) {
  return rules.json->rules[static_cast<std::size_t>(&rule - rules.rules.data())];
}

}  // namespace rxr::report
