// The parts of a JSON response that depend only on the rule pack, escaped
// once when the pack is loaded: a verification copies them instead of
// scanning the same ids, citations and message text for every request.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "compile/rule_set.h"

namespace rxr::report {

// What a rule's findings always write, as JSON text.
struct RuleJson {
  // {"rule":"INO-DOSE-002","category":"regimen","severity":"warn","message":"
  // by severity (compile::Severity): an undecided finding warns whatever its rule's.
  std::array<std::string, 3> head;
  std::string source;  // ","source":"..."  (closes the message)
  // By shown fact: ,"facts":{"labs.anc":  for the first one shown, ,"labs.anc":  for the others.
  std::vector<std::string> first_fact_key, fact_key;
  // A template's literal pieces, escaped, by piece ("" for a placeholder).
  std::vector<std::string> message, missing_message;
  // The engine's message of an undecided finding: its start before the
  // missing data, and the whole of it when the rule matched no case.
  std::string cannot_check, no_case;
};

struct PreparedJson {
  std::string ruleset_and_engine;  // "ruleset":{...},"engine":{...}
  std::vector<RuleJson> rules;     // as RuleSet::rules
};

// Fills rules.json; once the pack is complete, fingerprint included.
void prepare_json(compile::RuleSet& rules);

inline const RuleJson& json_of(const compile::RuleSet& rules, const compile::Rule& rule) {
  return rules.json->rules[static_cast<std::size_t>(&rule - rules.rules.data())];
}

}  // namespace rxr::report
