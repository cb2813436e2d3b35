#include "eval/evaluator.h"

#include "eval/comparison.h"

#include <algorithm>
#include <array>
#include <utility>
#include <cmath>
#include <stdexcept>

namespace rxr::eval {

using compile::Node;
using compile::Op;


Value Evaluator::absent(schema::FieldId field, int32_t row) {
  Value v;
  v.missing = static_cast<MissingRef>(scratch_.missing_sets.size());
  scratch_.missing_sets.push_back({static_cast<uint32_t>(scratch_.missing_items.size()), 1});
  scratch_.missing_items.push_back({field, row});
  return v;
}

Value Evaluator::unknown_from(const Value& a, const Value& b) {
  Value v;
  v.undecidable = (!a.known && a.undecidable) || (!b.known && b.undecidable);
  v.missing = merge(a.known ? kNothingMissing : a.missing, b.known ? kNothingMissing : b.missing);
  return v;
}

MissingRef Evaluator::merge(MissingRef x, MissingRef y) {
  if (x == y || y == kNothingMissing) return x;
  if (x == kNothingMissing) return y;
  // The union of two sorted runs, appended as a new run. Read by index:
  // appending may move the items.
  std::vector<MissingItem>& items = scratch_.missing_items;
  const Scratch::Run left = scratch_.missing_sets[x];
  const Scratch::Run right = scratch_.missing_sets[y];
  const auto first = static_cast<uint32_t>(items.size());
  uint32_t i = left.first, j = right.first;
  const uint32_t i_end = left.first + left.count, j_end = right.first + right.count;
  while (i < i_end || j < j_end) {
    MissingItem next;
    if (j == j_end || (i < i_end && items[i] < items[j])) {
      next = items[i++];
    } else if (i == i_end || items[j] < items[i]) {
      next = items[j++];
    } else {
      next = items[i++];
      ++j;
    }
    items.push_back(next);
  }
  const auto merged = static_cast<MissingRef>(scratch_.missing_sets.size());
  scratch_.missing_sets.push_back({first, static_cast<uint32_t>(items.size()) - first});
  return merged;
}

Value Evaluator::resting_on(Value v, const Value& a, const Value& b) {
  v.absent = merge(a.absent, b.absent);
  return v;
}

// `x is missing` is true, and `x is present` false, on the evidence of x's
// absence: the value carries it (clinical M4). An invalid value is not
// present either.
Value Evaluator::presence(const Node& n) {
  const Value v = child(n, 0);
  const bool tests_missing = (n.flags & compile::kNegated) != 0;
  Value out = Value::truth(v.known != tests_missing);
  if (!v.known) out.absent = v.missing;
  return out;
}

void Scratch::reset(const compile::RuleSet& rules) {
  lets.resize(rules.lets.size());
  let_ready.assign(rules.lets.size(), 0);
  rows.assign(rules.loop_variables, 0);
  collected.clear();
  matched.clear();
  missing_items.clear();
  missing_sets.assign(1, Run{});
  flat_stack.resize(rules.flat.stack_size);
  flat_lets.resize(rules.lets.size());
  flat_let_state.assign(rules.lets.size(), kNotYet);
  flat_decisions.resize(rules.rules.size());
}

Value Evaluator::eval_traced(compile::NodeId id) {
  const Node& n = nodes_[id];
  // Pre-order: reserve this node's line, fill in its value once known.
  const std::size_t line = trace_->size();
  trace_->push_back({id, depth_, {}});
  ++depth_;
  Value v = eval_node(n);
  --depth_;
  (*trace_)[line].value = v;
  if (n.op == compile::Op::kTable) (*trace_)[line].row = std::exchange(answered_row_, -1);
  return v;
}

Value Evaluator::eval_node(const Node& n) {
  switch (n.op) {
    case Op::kConstant: {
      const compile::Constant& c = rules_.constants[n.index];
      Value v = Value::of(c.number);
      v.symbol = c.symbol;
      v.text = c.text;
      return v;
    }
    case Op::kFact: return fact(n);
    case Op::kPresence: return presence(n);
    case Op::kMember:
    case Op::kLoopValue: return member(n);
    case Op::kLet: return let(n);
    case Op::kNegate: {
      Value v = child(n, 0);
      v.number = -v.number;
      return v;
    }
    case Op::kAdd: case Op::kSubtract: case Op::kMultiply: case Op::kDivide:
      return arithmetic(n);
    case Op::kLess: case Op::kLessEqual: case Op::kGreater: case Op::kGreaterEqual:
    case Op::kEqual: case Op::kNotEqual:
      return compare(n);
    case Op::kAnd: case Op::kOr: case Op::kNot:
      return logical(n);
    case Op::kOtherwise: {
      Value left = child(n, 0);
      return left.known ? left : child(n, 1);
    }
    case Op::kInList: {
      Value v = child(n, 0);
      if (!v.known) return v;
      const bool in = rules_.lists[n.index].contains(v.symbol);
      Value out = Value::truth(in != ((n.flags & compile::kNegated) != 0));
      out.absent = v.absent;
      return out;
    }
    case Op::kInNames: return in_names(n);
    case Op::kWithinPercent:
    case Op::kWithinAbsolute: return within(n);
    case Op::kLimitOf: {
      const FactValue& limit = facts_.scalar(field(n.field));
      if (!limit.present()) return absent(n.field);
      return Value::of(child(n, 0).number * limit.number);
    }
    case Op::kAny: case Op::kAll: case Op::kCount: case Op::kCollect: case Op::kMax: case Op::kMin: case Op::kSum:
      return aggregate(n);
    case Op::kCountList: {
      const FactList& list = facts_.list(field(n.field));
      if (list.presence != Presence::kPresent) return absent(n.field);
      return Value::of(list.count);
    }
    case Op::kNameList: {
      Value v = Value::of(0);
      v.names = {NameListRef::Source::kConstants, nullptr, n.index, n.first_child};
      return v;
    }
    case Op::kTable: return table(n);
    case Op::kLeast:
    case Op::kGreatest: return extreme(n);
    case Op::kSquareRoot: {
      Value v = child(n, 0);
      if (!v.known) return v;
      if (v.number < 0) return Value::no_answer();
      return Value::of(std::sqrt(v.number));
    }
    case Op::kConditional: return conditional(n);
  }
  return Value::no_answer();
}

// Unknown when either is unknown: min(unknown, 5 mg) could be below 5 mg.
Value Evaluator::extreme(const Node& n) {
  const Value a = child(n, 0);
  const Value b = child(n, 1);
  if (!a.known || !b.known) return unknown_from(a, b);
  const bool first = n.op == Op::kLeast ? !definitely_less(b.number, a.number) : !definitely_less(a.number, b.number);
  return first ? a : b;
}

// Only the branch the condition chooses is evaluated; an unknown condition
// leaves the value unknown, missing what the condition misses.
Value Evaluator::conditional(const Node& n) {
  const Value test = child(n, 0);
  if (!test.known) return test;
  const Value chosen = child(n, test.number != 0 ? 1 : 2);
  return chosen.known ? resting_on(chosen, test, chosen) : chosen;
}

Value Evaluator::fact(const Node& n) {
  const schema::Field& f = field(n.field);
  if (f.is_list()) {
    const FactList& list = facts_.list(f);
    if (list.presence != Presence::kPresent) return absent(n.field);
    Value v = Value::of(list.count);
    v.names = {NameListRef::Source::kFacts, &list, 0, list.count};
    return v;
  }
  const FactValue& fv = facts_.scalar(f);
  if (!fv.present()) return absent(n.field);
  Value v = Value::of(fv.number);
  v.symbol = fv.symbol;
  v.text = fv.text;
  return v;
}

Value Evaluator::member(const Node& n) {
  const schema::Field& f = field(n.field);
  const bool whole = n.op == Op::kLoopValue;  // an element of a code list
  const schema::Field& list_field = whole ? f : field(f.parent);
  const FactList& list = facts_.list(list_field);
  const uint32_t row = scratch_.rows[n.index];
  const FactValue& cell = list.cell(row, whole ? 0 : f.slot);
  if (!cell.present()) return absent(n.field, static_cast<int32_t>(row));
  Value v = Value::of(cell.number);
  v.symbol = cell.symbol;
  v.text = cell.text;
  return v;
}

Value Evaluator::let(const Node& n) {
  if (trace_ != nullptr && expand_lets_) {
    if (expanded_.size() < rules_.lets.size()) expanded_.resize(rules_.lets.size());
    if (!expanded_[n.index]) {
      // Worked out again, traced, even when another rule already needed it:
      // evaluation has no side effects, and the value is the same.
      expanded_[n.index] = true;
      scratch_.lets[n.index] = eval(rules_.lets[n.index].value);
      scratch_.let_ready[n.index] = 1;
      return scratch_.lets[n.index];
    }
  }
  if (scratch_.let_ready[n.index] == 0 && !let_from_flat(n.index)) {
    // Traced runs show a let as one line with its value, not its insides.
    auto* trace = std::exchange(trace_, nullptr);
    scratch_.lets[n.index] = eval(rules_.lets[n.index].value);
    trace_ = trace;
    scratch_.let_ready[n.index] = 1;
  }
  return scratch_.lets[n.index];
}

// A let the flat form has worked out already (flat_evaluator.h) has the
// value the tree form would give it: known, resting on no absent data, the
// same number.
bool Evaluator::let_from_flat(uint32_t index) {
  if (scratch_.flat_let_state[index] != Scratch::kKnown) return false;
  if (!compile::held_whole_by_flat_form(nodes_[rules_.lets[index].value].type.kind)) return false;
  scratch_.lets[index] = Value::of(scratch_.flat_lets[index].number);
  scratch_.let_ready[index] = 1;
  return true;
}

Value Evaluator::arithmetic(const Node& n) {
  const Value a = child(n, 0);
  const Value b = child(n, 1);
  if (!a.known || !b.known) return unknown_from(a, b);
  if (n.op == Op::kDivide && b.number == 0) return Value::no_answer();
  return resting_on(Value::of(eval::arithmetic(n.op, a.number, b.number)), a, b);
}

Value Evaluator::compare(const Node& n) {
  const Value a = child(n, 0);
  const Value b = child(n, 1);
  if (!a.known || !b.known) return unknown_from(a, b);
  const bool names = nodes_[children_[n.first_child]].type.kind == compile::TypeKind::kName;
  return resting_on(Value::truth(compares(n.op, names, a.number, a.symbol, b.number, b.symbol)), a, b);
}

// Kleene logic: false decides an 'and', true decides an 'or', whatever the
// other operands; otherwise any unknown operand leaves the result unknown.
Value Evaluator::logical(const Node& n) {
  if (n.op == Op::kNot) {
    Value v = child(n, 0);
    if (v.known) v.number = v.number != 0 ? 0 : 1;
    return v;
  }
  const bool deciding = n.op == Op::kOr;
  Value unknown;
  bool any_unknown = false;
  MissingRef evidence = kNothingMissing;  // what the operands read so far were decided on
  for (uint32_t i = 0; i < n.child_count; ++i) {
    const Value v = child(n, i);
    if (!v.known) {
      any_unknown = true;
      unknown = unknown_from(unknown, v);
    } else if ((v.number != 0) == deciding) {
      Value decided = Value::truth(deciding);
      if (v.absent == kNothingMissing) return decided;
      // Decided for lack of data: the other operands that decide it too
      // may lack more, and the finding names all of it.
      decided.absent = v.absent;
      for (uint32_t j = i + 1; j < n.child_count; ++j) {
        const Value w = child(n, j);
        if (w.known && (w.number != 0) == deciding) decided.absent = merge(decided.absent, w.absent);
      }
      return decided;
    } else {
      evidence = merge(evidence, v.absent);
    }
  }
  if (any_unknown) return unknown;
  Value result = Value::truth(!deciding);
  result.absent = evidence;
  return result;
}

Value Evaluator::in_names(const Node& n) {
  const Value v = child(n, 0);
  const Value list = child(n, 1);
  if (!v.known || !list.known) return unknown_from(v, list);
  bool found = false;
  const NameListRef& ref = list.names;
  for (uint32_t i = 0; i < ref.count && !found; ++i) {
    Symbol s = kUnknownSymbol;
    switch (ref.source) {
      case NameListRef::Source::kFacts: s = ref.facts->cell(i, 0).symbol; break;
      case NameListRef::Source::kConstants: s = rules_.constants[ref.first + i].symbol; break;
      case NameListRef::Source::kCollected: s = scratch_.collected[ref.first + i]->symbol; break;
      case NameListRef::Source::kNone: break;
    }
    found = names_match(s, v.symbol);
  }
  return resting_on(Value::truth(found != ((n.flags & compile::kNegated) != 0)), v, list);
}

Value Evaluator::within(const Node& n) {
  const Value value = child(n, 0);
  const Value tolerance = child(n, 1);
  const Value reference = child(n, 2);
  if (!value.known || !tolerance.known || !reference.known) {
    return unknown_from(unknown_from(value, tolerance), reference);
  }
  const bool inside = eval::within(n.op == Op::kWithinPercent, value.number, tolerance.number, reference.number);
  return resting_on(Value::truth(inside != ((n.flags & compile::kNegated) != 0)), value, reference);
}

// Kleene logic over the entries of each list in turn: a decided `any` or
// `all` stops at once; an undecided entry or an absent list leaves the
// result unknown unless something decides it.
Value Evaluator::aggregate(const Node& n) {
  const compile::Aggregate& aggregate = rules_.aggregates[n.index];
  if (n.op == Op::kCollect) return collect(aggregate);
  Value unknown;
  bool any_unknown = false;
  uint32_t matches = 0;
  Value best;
  double total = 0;  // sum: an empty selection adds up to 0
  // An `any` found true (an `all` found false) on an entry that lacks data:
  // the other entries deciding it the same way are gathered too, so that a
  // finding names every entry it rests on.
  const bool decides_on_true = n.op == Op::kAny;
  bool decided = false;
  MissingRef evidence = kNothingMissing;
  for (const compile::AggregateSource& source : aggregate.sources) {
    const FactList& list = facts_.list(field(source.list));
    if (list.presence != Presence::kPresent) {
      any_unknown = true;
      unknown = unknown_from(unknown, absent(source.list));
      continue;
    }
    for (uint32_t row = 0; row < list.count; ++row) {
      scratch_.rows[source.slot] = row;
      if (source.where != compile::kNoNode) {
        const Value test = condition(source, list, row);
        if (!test.known) {
          any_unknown = true;
          unknown = unknown_from(unknown, test);
          continue;
        }
        const bool deciding = (n.op == Op::kAny || n.op == Op::kAll) && (test.number != 0) == decides_on_true;
        if (decided) {
          if (deciding) evidence = merge(evidence, test.absent);
          continue;
        }
        if (deciding) {
          if (test.absent == kNothingMissing) return Value::truth(decides_on_true);
          decided = true;
          evidence = test.absent;
          continue;
        }
        evidence = merge(evidence, test.absent);
        if (test.number == 0) continue;
      }
      ++matches;
      if (n.op == Op::kSum) {
        const Value v = eval(source.select);
        if (!v.known) {
          any_unknown = true;
          unknown = unknown_from(unknown, v);
        } else {
          total += v.number;
          evidence = merge(evidence, v.absent);
        }
      } else if (n.op == Op::kMax || n.op == Op::kMin) {
        const Value v = eval(source.select);
        if (!v.known) {
          any_unknown = true;
          unknown = unknown_from(unknown, v);
        } else if (!best.known || (n.op == Op::kMax ? v.number > best.number : v.number < best.number)) {
          best = v;
        }
      }
    }
  }
  Value result;
  if (decided) {
    result = Value::truth(decides_on_true);
  } else if (any_unknown) {
    return unknown;
  } else {
    switch (n.op) {
      case Op::kAny: result = Value::truth(false); break;
      case Op::kAll: result = Value::truth(true); break;
      case Op::kCount: result = Value::of(matches); break;
      case Op::kSum: result = Value::of(total); break;
      default:
        if (!best.known) return Value::no_answer();
        result = best;
        break;
    }
  }
  result.absent = merge(result.absent, evidence);
  return result;
}

// No list of the collection is in the request: unknown, missing them all.
Value Evaluator::absent_lists(const compile::Aggregate& aggregate) {
  Value v = absent(aggregate.sources.front().list);
  for (std::size_t i = 1; i < aggregate.sources.size(); ++i) v = unknown_from(v, absent(aggregate.sources[i].list));
  return v;
}

// collect lists the entries known to match: a message names the drugs it
// can, rather than going unknown for one unnamed entry or one absent list.
// Matches are found first and gathered after, so that a collect inside a
// condition, which gathers too, cannot interleave its names with these.
Value Evaluator::collect(const compile::Aggregate& aggregate) {
  if (reads_names_alone(aggregate)) return collect_by_names(aggregate);
  const std::size_t marks = scratch_.matched.size();
  bool any_list = false;
  for (const compile::AggregateSource& source : aggregate.sources) {
    const FactList& list = facts_.list(field(source.list));
    if (list.presence != Presence::kPresent) continue;
    any_list = true;
    for (uint32_t row = 0; row < list.count; ++row) {
      scratch_.rows[source.slot] = row;
      bool match = true;
      if (source.where != compile::kNoNode) match = condition_holds(source, list, row);
      scratch_.matched.push_back(match ? 1 : 0);
    }
  }
  if (!any_list) return absent_lists(aggregate);
  const auto first = static_cast<uint32_t>(scratch_.collected.size());
  std::size_t mark = marks;
  for (const compile::AggregateSource& source : aggregate.sources) {
    const FactList& list = facts_.list(field(source.list));
    if (list.presence != Presence::kPresent) continue;
    const uint32_t column = selected_column(source);
    for (uint32_t row = 0; row < list.count; ++row) {
      const FactValue& cell = list.cell(row, column);
      if (scratch_.matched[mark++] != 0 && cell.present()) scratch_.collected.push_back(&cell);
    }
  }
  scratch_.matched.resize(marks);
  return collected_since(first);
}

// A condition that reads the entry's name alone (an entry test) runs no
// nested collect, which would push onto `collected` too: with every source
// so, and no trace to show each step, entries are pushed as they are found,
// in one pass over each list. That pass runs for every medication.
bool Evaluator::reads_names_alone(const compile::Aggregate& aggregate) const {
  if (trace_ != nullptr) return false;
  for (const compile::AggregateSource& source : aggregate.sources) {
    if (source.where != compile::kNoNode && !source.entry_test) return false;
  }
  return true;
}

Value Evaluator::collect_by_names(const compile::Aggregate& aggregate) {
  const auto first = static_cast<uint32_t>(scratch_.collected.size());
  bool any_list = false;
  for (const compile::AggregateSource& source : aggregate.sources) {
    const FactList& list = facts_.list(field(source.list));
    if (list.presence != Presence::kPresent) continue;
    any_list = true;
    const uint32_t column = selected_column(source);
    for (uint32_t row = 0; row < list.count; ++row) {
      const FactValue& cell = list.cell(row, column);
      if (!cell.present()) continue;
      // condition_holds, with the loop variable set only when the condition
      // is evaluated: calling it costs 37 instructions a medication more.
      if (source.where != compile::kNoNode) {
        std::optional<bool> match = decided_by_name(source, list, row);
        if (!match) {
          scratch_.rows[source.slot] = row;
          match = eval(source.where).is_true();
        }
        if (!*match) continue;
      }
      scratch_.collected.push_back(&cell);
    }
  }
  if (!any_list) return absent_lists(aggregate);
  return collected_since(first);
}

// The names gathered since `first`, as a list value.
Value Evaluator::collected_since(uint32_t first) const {
  Value v = Value::of(0);
  v.names = {NameListRef::Source::kCollected, nullptr, first, static_cast<uint32_t>(scratch_.collected.size()) - first};
  return v;
}

Value Evaluator::table(const Node& n) {
  const compile::Table& t = rules_.tables[n.index];
  std::array<Value, 8> args;
  const uint32_t arity = std::min<uint32_t>(n.child_count, args.size());
  for (uint32_t i = 0; i < arity; ++i) args[i] = child(n, i);
  // First matching row wins. A row that may match, but hangs on an unknown
  // argument, makes the lookup unknown: a later row must not answer for it.
  for (const compile::TableRow& row : t.rows) {
    bool fits = true;
    Value uncertain;
    bool is_uncertain = false;
    for (uint32_t i = 0; i < arity && fits; ++i) {
      const compile::TablePattern& p = row.patterns[i];
      if (p.kind == compile::TablePattern::Kind::kAny) continue;
      const Value& a = args[i];
      if (!a.known) {
        is_uncertain = true;
        uncertain = unknown_from(uncertain, a);
        continue;
      }
      fits = matches(p, a.number, a.symbol);
    }
    if (!fits) continue;
    if (is_uncertain) return uncertain;
    const Value result = eval(row.result);
    answered_row_ = static_cast<int32_t>(&row - t.rows.data());
    return result;
  }
  return Value::no_answer();
}

}  // namespace rxr::eval
