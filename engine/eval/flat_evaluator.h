// Runs the flat form of a rule (compile/flat_program.h): decides it when
// every value it reads is present (or is only tested for presence, and the
// rule is false), or gives up, and the tree evaluator (evaluator.h) decides
// it and says what is missing. It also works out the numbers a finding shows.
#pragma once

#include <span>

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::eval {

// A value a finding shows (compile::FlatShown), by the flat form: its
// number; unknown, for a request value that is not present (a finding
// shows that as unknown, and nothing more); or not worked out.
struct FlatShownValue {
  enum class State : uint8_t { kKnown, kUnknown, kGaveUp };
  State state = State::kGaveUp;
  double number = 0;
};

class FlatEvaluator {
 public:
  FlatEvaluator(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch);

  // The condition of every rule, by RuleSet::rules index: true or false,
  // decided on present values (and on the presence of absent ones, when
  // false); kGaveUp otherwise (compile/flat_program.h). One call for them
  // all, so that the interpreter's setup is paid once a request, not once a rule.
  void decide_all(std::span<FlatDecision> out);
  // A value a finding shows, worked out on present values only.
  FlatShownValue shown(const compile::FlatRange& range);

 private:
  [[gnu::always_inline]] inline FlatDecision decide(const compile::FlatRange& range);
  // Each pushes its result on the stack; false: gave up. `execute` is the
  // interpreter, inline where ranges run most (decide_all, a let,
  // an aggregate's entries); `run` calls it for the rest (tables, shown values).
  [[gnu::always_inline]] inline bool execute(const compile::FlatRange& range);
  bool run(const compile::FlatRange& range);
  bool let(uint32_t index);
  bool aggregate(const compile::FlatAggregate& aggregate);
  bool table(uint32_t index, uint32_t arity);
  // A test of presence: its truth, noting in on_absence_ when it rests on absent data.
  double presence(bool present, uint8_t flags);

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
  bool on_absence_ = false;  // the rule being decided read an absent value's presence (flat_program.h)
};

}  // namespace rxr::eval
