#include "eval/flat_evaluator.h"

#include <cmath>
#include <utility>

#include "eval/comparison.h"

namespace rxr::eval {

using compile::FlatInstr;
using compile::FlatOp;
using compile::Op;

namespace {

bool contains(const FactList& list, Symbol symbol) {
  for (uint32_t i = 0; i < list.count; ++i) {
    if (names_match(list.cell(i, 0).symbol, symbol)) return true;
  }
  return false;
}

}  // namespace

FlatEvaluator::FlatEvaluator(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch)
    : rules_(rules),
      scalars_(facts.scalars.data()),
      lists_(facts.lists.data()),
      scratch_(scratch),
      bottom_(scratch.flat_stack.data()),
      limit_(bottom_ + scratch.flat_stack.size()),
      top_(bottom_) {}

// The switch below has a default, so that it needs no range check; every
// operation must still have its case, which this makes an error to forget.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch-enum"
bool FlatEvaluator::execute(const compile::FlatRange& range) {
  // Never reached (the stack holds one slot per instruction), but a
  // program that would overflow gives up rather than write past the end.
  if (top_ + range.count > limit_) return false;
  // The stack top lives in a register for the run; it is handed back to
  // top_ around the calls that run nested ranges (lets, aggregates, tables).
  FlatValue* top = top_;
  const auto push = [&top](double number, Symbol symbol = kUnknownSymbol) { *top++ = {number, symbol}; };
  const auto pop = [&top] { return *--top; };
  const auto nested = [&](auto&& call) {
    top_ = top;
    const bool ran = call();
    top = top_;
    return ran;
  };
  const FlatInstr* const first = code_ + range.first;
  const FlatInstr* const end = first + range.count;
  // A jump lands on its target; the loop's step is undone in advance.
  const auto jump_to = [first](uint32_t target) { return first + target - 1; };
  for (const FlatInstr* in = first; in != end; ++in) {
    switch (in->op) {
      case FlatOp::kConstant: {
        const compile::Constant& c = rules_.constants[in->a];
        push(c.number, c.symbol);
        break;
      }
      case FlatOp::kTruth: push(in->a); break;
      case FlatOp::kScalar: {
        const FactValue& v = scalars_[in->a];
        if (!v.present()) return false;
        push(v.number, v.symbol);
        break;
      }
      case FlatOp::kScalarOr: {
        const FactValue& v = scalars_[in->a];
        if (v.present()) {
          push(v.number, v.symbol);
          in = jump_to(in->target);
        }
        break;
      }
      case FlatOp::kMember:
      case FlatOp::kMemberOr: {
        const FactValue& v = lists_[in->a].cell(scratch_.rows[in->c], in->b);
        if (v.present()) {
          push(v.number, v.symbol);
          if (in->op == FlatOp::kMemberOr) in = jump_to(in->target);
        } else if (in->op == FlatOp::kMember) {
          return false;
        }
        break;
      }
      case FlatOp::kLet:
        // Most uses find the let worked out already, on present data.
        if (scratch_.flat_let_state[in->a] == Scratch::kKnown) {
          *top++ = scratch_.flat_lets[in->a];
        } else if (!nested([&] { return let(in->a); })) {
          return false;
        }
        break;
      case FlatOp::kPresence: top[-1] = {(in->flags & compile::kFlatNegated) != 0 ? 0.0 : 1.0}; break;
      case FlatOp::kScalarPresence: push(presence(scalars_[in->a].present(), in->flags)); break;
      case FlatOp::kListPresence: push(presence(lists_[in->a].presence == Presence::kPresent, in->flags)); break;
      case FlatOp::kMemberPresence:
        push(presence(lists_[in->a].cell(scratch_.rows[in->c], in->b).present(), in->flags));
        break;
      case FlatOp::kNegate: top[-1].number = -top[-1].number; break;
      case FlatOp::kNot: top[-1].number = top[-1].number != 0 ? 0 : 1; break;
      case FlatOp::kArithmetic: {
        const double b = pop().number;
        const double a = pop().number;
        const auto op = static_cast<Op>(in->a);
        if (op == Op::kDivide && b == 0) return false;  // no answer
        push(arithmetic(op, a, b));
        break;
      }
      case FlatOp::kCompare:
      case FlatOp::kCompareConstant:
      case FlatOp::kBranchCompare:
      case FlatOp::kBranchCompareConstant: {
        const bool constant = in->op == FlatOp::kCompareConstant || in->op == FlatOp::kBranchCompareConstant;
        FlatValue b;
        if (constant) {
          const compile::Constant& c = rules_.constants[in->c];
          b = {c.number, c.symbol};
        } else {
          b = pop();
        }
        FlatValue a;
        if ((in->flags & compile::kFlatLeftScalar) != 0) {
          const FactValue& v = scalars_[in->d];
          if (!v.present()) return false;
          a = {v.number, v.symbol};
        } else {
          a = pop();
        }
        const bool result = compares(static_cast<Op>(in->a), in->b != 0, a.number, a.symbol, b.number, b.symbol);
        if (in->op == FlatOp::kCompare || in->op == FlatOp::kCompareConstant) {
          push(result ? 1 : 0);
        } else if (result == ((in->flags & compile::kFlatWhenTrue) != 0)) {
          in = jump_to(in->target);
        }
        break;
      }
      case FlatOp::kJumpIfFalse:
        if (pop().number == 0) in = jump_to(in->target);
        break;
      case FlatOp::kJumpIfTrue:
        if (pop().number != 0) in = jump_to(in->target);
        break;
      case FlatOp::kJump: in = jump_to(in->target); break;
      case FlatOp::kInList: {
        const bool in_list = rules_.lists[in->a].contains(pop().symbol);
        push(in_list != ((in->flags & compile::kFlatNegated) != 0) ? 1 : 0);
        break;
      }
      case FlatOp::kMemberInList: {
        const FactValue& v = lists_[in->a].cell(scratch_.rows[in->c], in->b);
        if (!v.present()) return false;
        push(rules_.lists[in->d].contains(v.symbol) != ((in->flags & compile::kFlatNegated) != 0) ? 1 : 0);
        break;
      }
      case FlatOp::kInFactList: {
        const FactList& list = lists_[in->a];
        if (list.presence != Presence::kPresent) return false;
        const bool found = contains(list, pop().symbol);
        push(found != ((in->flags & compile::kFlatNegated) != 0) ? 1 : 0);
        break;
      }
      case FlatOp::kInConstants: {
        const Symbol symbol = pop().symbol;
        bool found = false;
        for (uint32_t i = 0; i < in->b && !found; ++i) {
          found = names_match(rules_.constants[in->a + i].symbol, symbol);
        }
        push(found != ((in->flags & compile::kFlatNegated) != 0) ? 1 : 0);
        break;
      }
      case FlatOp::kWithin: {
        const double reference = pop().number;
        const double tolerance = pop().number;
        const double value = pop().number;
        const bool inside = within(in->b != 0, value, tolerance, reference);
        push(inside != ((in->flags & compile::kFlatNegated) != 0) ? 1 : 0);
        break;
      }
      case FlatOp::kLimitOf: {
        const FactValue& limit = scalars_[in->a];
        if (!limit.present()) return false;
        push(pop().number * limit.number);
        break;
      }
      case FlatOp::kCountList: {
        const FactList& list = lists_[in->a];
        if (list.presence != Presence::kPresent) return false;
        push(list.count);
        break;
      }
      case FlatOp::kAggregate:
        if (!nested([&] { return aggregate(program_.aggregates[in->a]); })) return false;
        break;
      case FlatOp::kTable:
        if (!nested([&] { return table(in->a, in->b); })) return false;
        break;
      case FlatOp::kExtreme: {
        const FlatValue b = pop();
        const FlatValue a = pop();
        const bool first_one =
            in->a == 0 ? !definitely_less(b.number, a.number) : !definitely_less(a.number, b.number);
        *top++ = first_one ? a : b;
        break;
      }
      case FlatOp::kSquareRoot: {
        const double x = pop().number;
        if (x < 0) return false;  // no answer
        push(std::sqrt(x));
        break;
      }
      // The lowering writes only the operations above: without the range
      // check of its jump table, the switch is the cheaper dispatch.
      default: __builtin_unreachable();
    }
  }
  top_ = top;
  return true;
}
#pragma GCC diagnostic pop

bool FlatEvaluator::run(const compile::FlatRange& range) { return execute(range); }

// One rule's decision (decide_all), inline in its loop.
FlatDecision FlatEvaluator::decide(const compile::FlatRange& range) {
  if (!range.lowered()) return FlatDecision::kGaveUp;
  top_ = bottom_;
  on_absence_ = false;
  if (!execute(range)) return FlatDecision::kGaveUp;
  if (top_[-1].number == 0) return FlatDecision::kFalse;
  // True for lack of data: the finding lists it, which the tree form says.
  return on_absence_ ? FlatDecision::kGaveUp : FlatDecision::kTrue;
}

void FlatEvaluator::decide_all(std::span<FlatDecision> out) {
  for (std::size_t rule = 0; rule < out.size(); ++rule) out[rule] = decide(program_.rules[rule]);
}

double FlatEvaluator::presence(bool present, uint8_t flags) {
  if (!present) on_absence_ = true;
  return present != ((flags & compile::kFlatNegated) != 0) ? 1 : 0;
}

FlatShownValue FlatEvaluator::shown(const compile::FlatRange& range) {
  using State = FlatShownValue::State;
  if (!range.lowered()) return {};
  // Most shown values are a request value as it is, or a let the rules
  // worked out already: read without a run.
  const FlatInstr& only = code_[range.first];
  if (range.count == 1 && only.op == FlatOp::kScalar) {
    const FactValue& v = scalars_[only.a];
    return v.present() ? FlatShownValue{State::kKnown, v.number} : FlatShownValue{State::kUnknown};
  }
  if (range.count == 1 && only.op == FlatOp::kLet) {
    // Shown, a let's value is all that counts, not whether it rested on absence.
    const Scratch::FlatLetState state = scratch_.flat_let_state[only.a];
    if (state == Scratch::kKnown || state == Scratch::kKnownOnAbsence) {
      return {State::kKnown, scratch_.flat_lets[only.a].number};
    }
  }
  top_ = bottom_;
  if (!run(range)) return {};
  return {State::kKnown, top_[-1].number};
}

bool FlatEvaluator::let(uint32_t index) {
  Scratch::FlatLetState& state = scratch_.flat_let_state[index];
  if (state == Scratch::kNotYet) {
    // Whether the let's own value rests on absent data, apart from what the
    // rule that first needs it has read so far.
    const bool before = std::exchange(on_absence_, false);
    if (!execute(program_.lets[index])) {
      state = Scratch::kGaveUp;
      return false;
    }
    scratch_.flat_lets[index] = pop();
    state = on_absence_ ? Scratch::kKnownOnAbsence : Scratch::kKnown;
    on_absence_ = on_absence_ || before;
  }
  if (state == Scratch::kGaveUp) return false;
  if (state == Scratch::kKnownOnAbsence) on_absence_ = true;
  *top_++ = scratch_.flat_lets[index];
  return true;
}

// As the tree form's aggregate, where every entry is known: an `any`
// stops at the first match, an `all` at the first entry that fails.
bool FlatEvaluator::aggregate(const compile::FlatAggregate& aggregate) {
  uint32_t matches = 0;
  double total = 0;
  bool have_best = false;
  FlatValue best;
  for (std::size_t i = 0; i < aggregate.sources.size(); ++i) {
    const compile::FlatAggregateSource& source = aggregate.sources[i];
    const std::optional<compile::EntryTest>& test = rules_.aggregates[aggregate.tree].sources[i].entry_test;
    const FactList& list = lists_[source.list_slot];
    if (list.presence != Presence::kPresent) return false;
    for (uint32_t row = 0; row < list.count; ++row) {
      scratch_.rows[source.loop_slot] = row;
      if (source.where.lowered()) {
        bool match = false;
        if (test) {
          const FactValue& cell = list.cell(row, test->column);
          if (!cell.present()) return false;
          match = test->holds_for(cell.symbol);
        } else {
          if (!execute(source.where)) return false;
          match = pop().number != 0;
        }
        if (aggregate.op == Op::kAny && match) {
          push(1);
          return true;
        }
        if (aggregate.op == Op::kAll && !match) {
          push(0);
          return true;
        }
        if (!match) continue;
      }
      ++matches;
      if (aggregate.op == Op::kSum || aggregate.op == Op::kMax || aggregate.op == Op::kMin) {
        if (!execute(source.select)) return false;
        const FlatValue v = pop();
        if (aggregate.op == Op::kSum) {
          total += v.number;
        } else if (!have_best || (aggregate.op == Op::kMax ? v.number > best.number : v.number < best.number)) {
          best = v;
          have_best = true;
        }
      }
    }
  }
  switch (aggregate.op) {
    case Op::kAny: push(0); break;
    case Op::kAll: push(1); break;
    case Op::kCount: push(matches); break;
    case Op::kSum: push(total); break;
    default:
      if (!have_best) return false;  // the largest of nothing: no answer
      *top_++ = best;
      break;
  }
  return true;
}

// The first row the arguments match answers; none: no answer.
bool FlatEvaluator::table(uint32_t index, uint32_t arity) {
  FlatValue* args = top_ - arity;
  const compile::Table& t = rules_.tables[index];
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    bool fits = true;
    for (uint32_t i = 0; i < arity && fits; ++i) fits = matches(t.rows[r].patterns[i], args[i].number, args[i].symbol);
    if (!fits) continue;
    top_ = args;
    return run(program_.table_results[index][r]);
  }
  return false;
}

}  // namespace rxr::eval
