#include "eval/evaluator.h"

#include <algorithm>
#include <array>
#include <utility>
#include <cmath>
#include <stdexcept>

namespace rxr::eval {

using compile::Node;
using compile::Op;

namespace {

constexpr double kRelativeTolerance = 1e-9;

}  // namespace

Value Evaluator::absent(schema::FieldId field) {
  Value v;
  v.missing = static_cast<MissingRef>(scratch_.missing_sets.size());
  scratch_.missing_sets.emplace_back().set(static_cast<std::size_t>(field));
  return v;
}

Value Evaluator::unknown_from(const Value& a, const Value& b) {
  Value v;
  v.undecidable = (!a.known && a.undecidable) || (!b.known && b.undecidable);
  const MissingRef x = a.known ? kNothingMissing : a.missing;
  const MissingRef y = b.known ? kNothingMissing : b.missing;
  if (x == y || y == kNothingMissing) {
    v.missing = x;
  } else if (x == kNothingMissing) {
    v.missing = y;
  } else {
    v.missing = static_cast<MissingRef>(scratch_.missing_sets.size());
    scratch_.missing_sets.push_back(scratch_.missing_sets[x] | scratch_.missing_sets[y]);
  }
  return v;
}

bool approx_equal(double a, double b) {
  return std::fabs(a - b) <= kRelativeTolerance * std::max({std::fabs(a), std::fabs(b), 1e-300});
}

bool definitely_less(double a, double b) { return a < b && !approx_equal(a, b); }

void Scratch::reset(const compile::RuleSet& rules) {
  static const bool schema_fits = schema::fields().size() <= kMaxFields;
  if (!schema_fits) throw std::logic_error("the request schema has more fields than MissingSet can hold");
  lets.resize(rules.lets.size());
  let_ready.assign(rules.lets.size(), 0);
  rows.assign(rules.loop_variables, 0);
  collected.clear();
  missing_sets.resize(1);
  missing_sets[0].reset();
}

Value Evaluator::eval(compile::NodeId id) {
  const Node& n = rules_.node(id);
  if (trace_ == nullptr) return eval_node(n);
  // Pre-order: reserve this node's line, fill in its value once known.
  const std::size_t line = trace_->size();
  trace_->push_back({id, depth_, {}});
  ++depth_;
  Value v = eval_node(n);
  --depth_;
  (*trace_)[line].value = v;
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
    case Op::kPresence: {
      const schema::Field& f = field(n.field);
      const bool list = f.type == schema::FieldType::kRecordList || f.type == schema::FieldType::kCodeList;
      const Presence p = list ? facts_.list(f).presence : facts_.scalar(f).presence;
      return Value::truth((p == Presence::kPresent) != ((n.flags & compile::kNegated) != 0));
    }
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
      return Value::truth(in != ((n.flags & compile::kNegated) != 0));
    }
    case Op::kInNames: return in_names(n);
    case Op::kWithinPercent:
    case Op::kWithinAbsolute: return within(n);
    case Op::kLimitOf: {
      const FactValue& limit = facts_.scalar(field(n.field));
      if (!limit.present()) return absent(n.field);
      return Value::of(child(n, 0).number * limit.number);
    }
    case Op::kAny: case Op::kAll: case Op::kCount: case Op::kCollect: case Op::kMax: case Op::kMin:
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
  }
  return Value::no_answer();
}

Value Evaluator::fact(const Node& n) {
  const schema::Field& f = field(n.field);
  if (f.type == schema::FieldType::kRecordList || f.type == schema::FieldType::kCodeList) {
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
  const FactValue& cell = list.cell(scratch_.rows[n.index], whole ? 0 : f.slot);
  if (!cell.present()) return absent(n.field);
  Value v = Value::of(cell.number);
  v.symbol = cell.symbol;
  v.text = cell.text;
  return v;
}

Value Evaluator::let(const Node& n) {
  if (scratch_.let_ready[n.index] == 0) {
    // Traced runs show a let as one line with its value, not its insides.
    auto* trace = std::exchange(trace_, nullptr);
    scratch_.lets[n.index] = eval(rules_.lets[n.index].value);
    trace_ = trace;
    scratch_.let_ready[n.index] = 1;
  }
  return scratch_.lets[n.index];
}

Value Evaluator::arithmetic(const Node& n) {
  const Value a = child(n, 0);
  const Value b = child(n, 1);
  if (!a.known || !b.known) return unknown_from(a, b);
  switch (n.op) {
    case Op::kAdd: return Value::of(a.number + b.number);
    case Op::kSubtract: return Value::of(a.number - b.number);
    case Op::kMultiply: return Value::of(a.number * b.number);
    default:
      if (b.number == 0) return Value::no_answer();
      return Value::of(a.number / b.number);
  }
}

Value Evaluator::compare(const Node& n) {
  const Value a = child(n, 0);
  const Value b = child(n, 1);
  if (!a.known || !b.known) return unknown_from(a, b);
  const compile::TypeKind kind = rules_.node(rules_.child(n, 0)).type.kind;
  if (kind == compile::TypeKind::kName) {
    const bool equal = a.symbol != kUnknownSymbol && a.symbol == b.symbol;
    return Value::truth(n.op == Op::kEqual ? equal : !equal);
  }
  switch (n.op) {
    case Op::kLess: return Value::truth(definitely_less(a.number, b.number));
    case Op::kLessEqual: return Value::truth(!definitely_less(b.number, a.number));
    case Op::kGreater: return Value::truth(definitely_less(b.number, a.number));
    case Op::kGreaterEqual: return Value::truth(!definitely_less(a.number, b.number));
    case Op::kEqual: return Value::truth(approx_equal(a.number, b.number));
    default: return Value::truth(!approx_equal(a.number, b.number));
  }
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
  for (uint32_t i = 0; i < n.child_count; ++i) {
    const Value v = child(n, i);
    if (!v.known) {
      any_unknown = true;
      unknown = unknown_from(unknown, v);
    } else if ((v.number != 0) == deciding) {
      return Value::truth(deciding);
    }
  }
  return any_unknown ? unknown : Value::truth(!deciding);
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
    found = s != kUnknownSymbol && s == v.symbol;
  }
  return Value::truth(found != ((n.flags & compile::kNegated) != 0));
}

Value Evaluator::within(const Node& n) {
  const Value value = child(n, 0);
  const Value tolerance = child(n, 1);
  const Value reference = child(n, 2);
  if (!value.known || !tolerance.known || !reference.known) {
    return unknown_from(unknown_from(value, tolerance), reference);
  }
  const double allowed = n.op == Op::kWithinPercent ? tolerance.number * std::fabs(reference.number)
                                                    : tolerance.number;
  const double deviation = std::fabs(value.number - reference.number);
  const bool inside = !definitely_less(allowed, deviation);
  return Value::truth(inside != ((n.flags & compile::kNegated) != 0));
}

Value Evaluator::aggregate(const Node& n) {
  const FactList& list = facts_.list(field(n.field));
  if (list.presence != Presence::kPresent) return absent(n.field);
  const bool has_where = (n.flags & compile::kHasWhere) != 0;
  const bool has_select = (n.flags & compile::kHasSelect) != 0;
  const compile::NodeId where = has_where ? rules_.child(n, 0) : 0;
  const compile::NodeId select = has_select ? rules_.child(n, n.child_count - 1) : 0;

  Value unknown;
  bool any_unknown = false;
  uint32_t matches = 0;
  Value best;
  const auto collected_first = static_cast<uint32_t>(scratch_.collected.size());
  for (uint32_t row = 0; row < list.count; ++row) {
    scratch_.rows[n.index] = row;
    if (has_where) {
      const Value test = eval(where);
      // collect lists the entries known to match: a message names the
      // drugs it can, rather than going unknown for one unnamed entry.
      if (!test.known && n.op == Op::kCollect) continue;
      if (!test.known) {
        any_unknown = true;
        unknown = unknown_from(unknown, test);
        continue;
      }
      if (test.number == 0) {
        if (n.op == Op::kAll) return Value::truth(false);
        continue;
      }
      if (n.op == Op::kAny) return Value::truth(true);
    }
    ++matches;
    if (n.op == Op::kCollect) {
      const compile::Node& selected = rules_.node(select);
      const FactValue& cell = list.cell(row, has_select ? field(selected.field).slot : 0);
      if (cell.present()) scratch_.collected.push_back(&cell);
    } else if (n.op == Op::kMax || n.op == Op::kMin) {
      const Value v = eval(select);
      if (!v.known) {
        any_unknown = true;
        unknown = unknown_from(unknown, v);
      } else if (!best.known || (n.op == Op::kMax ? v.number > best.number : v.number < best.number)) {
        best = v;
      }
    }
  }
  if (any_unknown) return unknown;
  switch (n.op) {
    case Op::kAny: return Value::truth(false);
    case Op::kAll: return Value::truth(true);
    case Op::kCount: return Value::of(matches);
    case Op::kCollect: {
      Value v = Value::of(0);
      v.names = {NameListRef::Source::kCollected, nullptr, collected_first,
                 static_cast<uint32_t>(scratch_.collected.size()) - collected_first};
      return v;
    }
    default:
      return best.known ? best : Value::no_answer();
  }
}

Value Evaluator::table(const Node& n) {
  const compile::Table& t = rules_.tables[n.index];
  std::array<Value, 8> args;
  const uint32_t arity = std::min<uint32_t>(n.child_count, args.size());
  for (uint32_t i = 0; i < arity; ++i) args[i] = child(n, i);
  // First matching row wins. A row that may match, but hangs on an unknown
  // argument, makes the lookup unknown: a later row must not answer for it.
  for (const compile::TableRow& row : t.rows) {
    bool matches = true;
    Value uncertain;
    bool is_uncertain = false;
    for (uint32_t i = 0; i < arity && matches; ++i) {
      const compile::TablePattern& p = row.patterns[i];
      if (p.kind == compile::TablePattern::Kind::kAny) continue;
      const Value& a = args[i];
      if (!a.known) {
        is_uncertain = true;
        uncertain = unknown_from(uncertain, a);
        continue;
      }
      switch (p.kind) {
        case compile::TablePattern::Kind::kValues:
          matches = std::any_of(p.names.begin(), p.names.end(), [&](Symbol s) { return s == a.symbol; }) ||
                    std::any_of(p.numbers.begin(), p.numbers.end(), [&](double x) { return approx_equal(x, a.number); });
          break;
        case compile::TablePattern::Kind::kRange:
          matches = !definitely_less(a.number, p.numbers[0]) && !definitely_less(p.numbers[1], a.number);
          break;
        case compile::TablePattern::Kind::kBound: {
          const double limit = p.numbers[0];
          switch (p.bound) {
            case Op::kLess: matches = definitely_less(a.number, limit); break;
            case Op::kLessEqual: matches = !definitely_less(limit, a.number); break;
            case Op::kGreater: matches = definitely_less(limit, a.number); break;
            default: matches = !definitely_less(a.number, limit); break;
          }
          break;
        }
        case compile::TablePattern::Kind::kAny: break;
      }
    }
    if (!matches) continue;
    if (is_uncertain) return uncertain;
    return eval(row.result);
  }
  return Value::no_answer();
}

}  // namespace rxr::eval
