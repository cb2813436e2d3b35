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

void evaluate_placeholders(const compile::Message& message, Evaluator& evaluator, Verification& out) {
  for (const auto& piece : message.pieces) {
    if (piece.is_value) out.add_value(evaluator.eval(piece.value));
  }
}

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
  // Untraced, a rule is decided by its flat form when it can be, by the
  // tree evaluator when not; the values a finding shows by the tree
  // evaluator, which keeps the text of names. A traced one per explained rule.
  FlatEvaluator flat(rules, facts, scratch);
  Evaluator evaluator(rules, facts, scratch);
  for (const compile::Rule& rule : rules.rules) {
    const std::size_t index = static_cast<std::size_t>(&rule - rules.rules.data());
    const bool explained = explain.enabled && (!one_rule || rule.id == explain.rule);
    Value result;
    if (explained) {
      out.explanations.push_back({&rule, {}, {}});
      Evaluator traced(rules, facts, scratch, &out.explanations.back().trace, one_rule);
      result = traced.eval(rule.condition);
      out.explanations.back().result = result;
    } else {
      switch (flat.decide(index)) {
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
    if (const compile::Message* message = message_of(finding)) evaluate_placeholders(*message, evaluator, out);
    for (const compile::ShownFact& fact : rule.facts) out.add_value(evaluator.eval(fact.value));
  }
}

}  // namespace rxr::eval
