// Runs every rule of a RuleSet over one request's facts. The result is plain
// data: for each rule that fired or could not be decided, its severity, what
// was missing, and the values its message and facts show. Writing them as
// text is the report layer's job (report/).
#pragma once

#include <span>
#include <vector>

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::eval {

struct Finding {
  const compile::Rule* rule = nullptr;
  compile::Severity severity = compile::Severity::kInfo;
  bool decided = true;                   // false: undecided for lack of the data in `missing`
  // Undecided: what it needed. Decided: the absent data it fired on (a rule
  // testing `is missing`), also listed in the response (clinical M4).
  MissingRef missing = kNothingMissing;
  // In Verification::values: the values of the message's placeholders (the
  // missing message's when undecided), then those of the rule's shown facts.
  uint32_t first_value = 0;
};

// A rule's condition with the value of every sub-condition, for --explain.
struct Explanation {
  const compile::Rule* rule = nullptr;
  Value result;
  std::vector<TraceEntry> trace;
};

// The findings of one verification. A thread keeps one and reuses it, so
// steady-state verification does not allocate.
class Verification {
 public:
  std::span<const Finding> findings() const { return findings_; }
  // The values of a finding's message placeholders and shown facts, in that order.
  std::span<const Value> values(const Finding& f, std::size_t count) const { return {values_.data() + f.first_value, count}; }
  std::vector<Explanation> explanations;  // filled only when asked for

  void clear() {
    findings_.clear();
    values_.clear();
    explanations.clear();
  }
  Finding& add() { return findings_.emplace_back(); }
  void add_value(const Value& v) { values_.push_back(v); }
  uint32_t value_count() const { return static_cast<uint32_t>(values_.size()); }

 private:
  std::vector<Finding> findings_;
  std::vector<Value> values_;
};

// The message a finding shows: the rule's, or its missing message when it
// could not be decided (none when the rule has no missing message of its own).
const compile::Message* message_of(const Finding& f);

enum class Verdict { kPass, kWarn, kBlock };
const char* verdict_name(Verdict v);
// The most severe finding; any input problem blocks.
Verdict verdict_of(const Verification& v, const Facts& facts);

// Makes decoded facts what the rules read: values older than their pack's
// recency window expired (recency.h), then derived values filled in
// (derive.h). Before verify.
void prepare(const compile::RuleSet& rules, Facts& facts, Scratch& scratch);

// What to explain: nothing, every rule (one line per part, a let as one
// line), or one rule by id, with how its lets and table rows were worked out.
struct Explain {
  bool enabled = false;
  std::string_view rule;  // empty: every rule
};

void verify(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch, const Explain& explain,
            Verification& out);

}  // namespace rxr::eval
