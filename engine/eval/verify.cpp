#include "eval/verify.h"

#include "eval/derive.h"
#include "eval/flat_evaluator.h"
#include "eval/recency.h"

namespace rxr::eval {

using compile::Severity;

namespace {

// Unknown is never fine: a rule that cannot be decided reports what it
// would need, as a warning (clinical: missing data is a warn).
constexpr Severity kUndecided = Severity::kWarn;

// The values a finding shows: by their flat form when they have one and
// every value it reads is present, by the tree evaluator otherwise. A
// finding shows an unknown value as unknown, whatever it lacks.
class ShownValues {
 public:
  ShownValues(FlatEvaluator& flat, Evaluator& tree, Verification& out) : flat_(flat), tree_(tree), out_(out) {}

  void add(compile::NodeId value, const compile::FlatRange& flat_form) {
    const FlatShownValue flat = flat_.shown(flat_form);
    switch (flat.state) {
      case FlatShownValue::State::kKnown: out_.add_value(Value::of(flat.number)); return;
      case FlatShownValue::State::kUnknown: out_.add_value(Value{}); return;
      case FlatShownValue::State::kGaveUp: out_.add_value(tree_.eval(value)); return;
    }
  }

  void placeholders(const compile::Message& message, const std::vector<compile::FlatRange>& flat_forms) {
    std::size_t next = 0;
    for (const auto& piece : message.pieces) {
      if (piece.is_value) add(piece.value, flat_forms[next++]);
    }
  }

 private:
  FlatEvaluator& flat_;
  Evaluator& tree_;
  Verification& out_;
};

}  // namespace

const compile::Message* message_of(const Finding& f) {
  if (f.decided) return &f.rule->message;
  return f.rule->missing_message.pieces.empty() ? nullptr : &f.rule->missing_message;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kWarn: return "warn";
    case Verdict::kBlock: return "block";
  }
  return "block";
}

Verdict verdict_of(const Verification& v, const Facts& facts) {
  if (!facts.problems.empty()) return Verdict::kBlock;
  Verdict worst = Verdict::kPass;
  for (const Finding& f : v.findings()) {
    if (f.severity == Severity::kBlock) return Verdict::kBlock;
    if (f.severity == Severity::kWarn) worst = Verdict::kWarn;
  }
  return worst;
}

void prepare(const compile::RuleSet& rules, Facts& facts, Scratch& scratch) {
  expire_stale_values(rules, facts, scratch);
  derive(rules, facts, scratch);
}

void verify(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch, const Explain& explain,
            Verification& out) {
  out.clear();
  scratch.reset(rules);
  const bool one_rule = !explain.rule.empty();
  // Untraced, a rule is decided by its flat form when it can be (all of
  // them first, in one call), by the tree evaluator when not; the values a
  // finding shows likewise (ShownValues). A traced one per explained rule.
  FlatEvaluator flat(rules, facts, scratch);
  const std::span<FlatDecision> decisions = scratch.flat_decisions;
  flat.decide_all(decisions);
  Evaluator evaluator(rules, facts, scratch);
  ShownValues shown(flat, evaluator, out);
  for (std::size_t index = 0; index < rules.rules.size(); ++index) {
    const compile::Rule& rule = rules.rules[index];
    const bool explained = explain.enabled && (!one_rule || rule.id == explain.rule);
    Value result;
    if (explained) {
      out.explanations.push_back({&rule, {}, {}});
      Evaluator traced(rules, facts, scratch, &out.explanations.back().trace, one_rule);
      result = traced.eval(rule.condition);
      out.explanations.back().result = result;
    } else {
      switch (decisions[index]) {
        case FlatDecision::kFalse: continue;
        case FlatDecision::kTrue: result = Value::truth(true); break;
        case FlatDecision::kGaveUp: result = evaluator.eval(rule.condition); break;
      }
    }
    if (result.is_false()) continue;

    Finding& finding = out.add();
    finding.rule = &rule;
    finding.decided = result.known;
    finding.severity = result.known ? rule.severity : kUndecided;
    finding.missing = result.known ? result.absent : result.missing;
    finding.first_value = out.value_count();
    const compile::FlatShown& flat_forms = rules.flat.shown[index];
    if (const compile::Message* message = message_of(finding)) {
      shown.placeholders(*message, finding.decided ? flat_forms.message : flat_forms.missing_message);
    }
    for (std::size_t i = 0; i < rule.facts.size(); ++i) shown.add(rule.facts[i].value, flat_forms.facts[i]);
  }
}

}  // namespace rxr::eval
