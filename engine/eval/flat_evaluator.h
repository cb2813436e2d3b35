// Runs the flat form of a rule (compile/flat_program.h): decides it when
// every value it reads is present, or gives up, and the tree evaluator
// (evaluator.h) decides it and says what is missing.
#pragma once

#include <optional>

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::eval {

enum class FlatDecision : uint8_t { kFalse, kTrue, kGaveUp };

class FlatEvaluator {
 public:
  FlatEvaluator(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch);

  // The condition of rules.rules[rule]: true or false, decided on present
  // values only (nothing missing, nothing absent); kGaveUp otherwise.
  FlatDecision decide(std::size_t rule);
  // A value a finding shows (compile::FlatShown), worked out on present
  // values only; nullopt: gave up, or it has no flat form.
  std::optional<double> shown(const compile::FlatRange& range);

 private:
  // Each pushes its result on the stack; false: gave up.
  bool run(const compile::FlatRange& range);
  bool let(uint32_t index);
  bool aggregate(const compile::FlatAggregate& aggregate);
  bool table(uint32_t index, uint32_t arity);

  void push(double number, Symbol symbol = kUnknownSymbol) { *top_++ = {number, symbol}; }
  FlatValue pop() { return *--top_; }

  const compile::RuleSet& rules_;
  const compile::FlatProgram& program_ = rules_.flat;
  const compile::FlatInstr* code_ = program_.code.data();
  const FactValue* scalars_;
  const FactList* lists_;
  Scratch& scratch_;
  FlatValue* bottom_;
  const FlatValue* limit_;  // one past the stack's last slot
  FlatValue* top_;  // the next free slot
};

}  // namespace rxr::eval
