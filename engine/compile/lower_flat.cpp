// Lowers compiled expression trees to FlatProgram code. An expression
// lowers when every node in it does; a rule whose condition does not (it
// uses collect, or a let that does not lower) keeps only its tree form.
#include <span>
#include <vector>

#include "compile/flat_program.h"
#include "compile/rule_set.h"

namespace rxr::compile {
namespace {

using Code = std::vector<FlatInstr>;

class Lowerer {
 public:
  explicit Lowerer(const RuleSet& rules) : rules_(rules), fields_(rules.schema.fields()) {}

  FlatProgram run() {
    program_.lets.resize(rules_.lets.size());
    let_state_.assign(rules_.lets.size(), State::kNotYet);
    program_.table_results.resize(rules_.tables.size());
    table_state_.assign(rules_.tables.size(), State::kNotYet);
    for (const Rule& rule : rules_.rules) {
      program_.rules.push_back(range_of(rule.condition));
      program_.shown.push_back(shown_of(rule));
    }
    // A run only ever nests ranges that are not already running, so the
    // stack never holds more values than there are instructions.
    program_.stack_size = static_cast<uint32_t>(program_.code.size()) + 1;
    return std::move(program_);
  }

 private:
  enum class State : uint8_t { kNotYet, kLowered, kNoFlatForm };

  // Nested ranges (lets, conditions of aggregates, table results) are
  // built on their own and appended whole, so each is contiguous.
  FlatRange range_of(NodeId id) {
    Code code;
    if (!emit(id, code)) return {};
    const FlatRange range{static_cast<uint32_t>(program_.code.size()), static_cast<uint32_t>(code.size())};
    program_.code.insert(program_.code.end(), code.begin(), code.end());
    return range;
  }

  FlatShown shown_of(const Rule& rule) {
    FlatShown shown;
    shown.message = placeholders_of(rule.message);
    shown.missing_message = placeholders_of(rule.missing_message);
    for (const ShownFact& fact : rule.facts) shown.facts.push_back(shown_value(fact.value));
    return shown;
  }

  std::vector<FlatRange> placeholders_of(const Message& message) {
    std::vector<FlatRange> ranges;
    for (const Message::Piece& piece : message.pieces) {
      if (piece.is_value) ranges.push_back(shown_value(piece.value));
    }
    return ranges;
  }

  FlatRange shown_value(NodeId id) {
    if (!held_whole_by_flat_form(rules_.node(id).type.kind)) return {};
    return range_of(id);
  }

  static void put(Code& out, FlatOp op, uint32_t a = 0, uint32_t b = 0, uint8_t flags = 0) {
    FlatInstr in;
    in.op = op;
    in.flags = flags;
    in.a = a;
    in.b = b;
    out.push_back(in);
  }
  // A forward jump, its target set by `land` once known.
  static std::size_t jump(Code& out, FlatOp op) {
    put(out, op);
    return out.size() - 1;
  }
  static void land(Code& out, std::size_t jump) { out[jump].target = static_cast<uint32_t>(out.size()); }

  const schema::Field& field(schema::FieldId id) const { return fields_[static_cast<std::size_t>(id)]; }
  NodeId child(const Node& n, uint32_t i) const { return rules_.children[n.first_child + i]; }
  bool children(const Node& n, Code& out) {
    for (uint32_t i = 0; i < n.child_count; ++i) {
      if (!emit(child(n, i), out)) return false;
    }
    return true;
  }

  bool emit(NodeId id, Code& out) {
    const Node& n = rules_.node(id);
    const uint8_t negated = (n.flags & kNegated) != 0 ? kFlatNegated : 0;
    switch (n.op) {
      case Op::kConstant:
        put(out, FlatOp::kConstant, n.index);
        return true;
      case Op::kFact:
        if (field(n.field).is_list()) return false;  // a list as a value: only `in` reads one (below)
        put(out, FlatOp::kScalar, field(n.field).slot);
        return true;
      case Op::kPresence: {
        // A request value's presence is read, present or not; any other
        // operand is present when it is known (flat_program.h).
        const Node& tested = rules_.node(child(n, 0));
        if (tested.op == Op::kFact) {
          const FlatOp op = field(tested.field).is_list() ? FlatOp::kListPresence : FlatOp::kScalarPresence;
          put(out, op, field(tested.field).slot, 0, negated);
          return true;
        }
        if (tested.op == Op::kMember || tested.op == Op::kLoopValue) {
          member(tested, FlatOp::kMemberPresence, out);
          out.back().flags = negated;
          return true;
        }
        if (!emit(child(n, 0), out)) return false;
        put(out, FlatOp::kPresence, 0, 0, negated);
        return true;
      }
      case Op::kMember:
      case Op::kLoopValue:
        member(n, FlatOp::kMember, out);
        return true;
      case Op::kLet:
        if (!lower_let(n.index)) return false;
        put(out, FlatOp::kLet, n.index);
        return true;
      case Op::kNegate:
      case Op::kNot:
      case Op::kSquareRoot:
        if (!emit(child(n, 0), out)) return false;
        put(out, n.op == Op::kNegate ? FlatOp::kNegate : n.op == Op::kNot ? FlatOp::kNot : FlatOp::kSquareRoot);
        return true;
      case Op::kAdd: case Op::kSubtract: case Op::kMultiply: case Op::kDivide:
        if (!children(n, out)) return false;
        put(out, FlatOp::kArithmetic, static_cast<uint32_t>(n.op));
        return true;
      case Op::kLess: case Op::kLessEqual: case Op::kGreater: case Op::kGreaterEqual:
      case Op::kEqual: case Op::kNotEqual:
        return compare(n, FlatOp::kCompare, FlatOp::kCompareConstant, 0, out);
      case Op::kAnd:
      case Op::kOr: {
        // A truth value of its own, as in the tree form.
        std::vector<std::size_t> when_false;
        if (!branch(id, false, out, when_false)) return false;
        put(out, FlatOp::kTruth, 1);
        const std::size_t to_end = jump(out, FlatOp::kJump);
        for (const std::size_t j : when_false) land(out, j);
        put(out, FlatOp::kTruth, 0);
        land(out, to_end);
        return true;
      }
      case Op::kOtherwise: return otherwise(n, out);
      case Op::kInList:
        if (rules_.node(child(n, 0)).op == Op::kMember) {  // m.drug in qt_known_risk: each entry of a list
          member(rules_.node(child(n, 0)), FlatOp::kMemberInList, out);
          out.back().d = n.index;
          out.back().flags = negated;
          return true;
        }
        if (!emit(child(n, 0), out)) return false;
        put(out, FlatOp::kInList, n.index, 0, negated);
        return true;
      case Op::kInNames: return in_names(n, negated, out);
      case Op::kWithinPercent:
      case Op::kWithinAbsolute:
        if (!children(n, out)) return false;
        put(out, FlatOp::kWithin, 0, n.op == Op::kWithinPercent ? 1 : 0, negated);
        return true;
      case Op::kLimitOf:
        // The tree form reads the multiple without asking whether it is known: a literal.
        if (rules_.node(child(n, 0)).op != Op::kConstant || !emit(child(n, 0), out)) return false;
        put(out, FlatOp::kLimitOf, field(n.field).slot);
        return true;
      case Op::kAny: case Op::kAll: case Op::kCount: case Op::kMax: case Op::kMin: case Op::kSum:
        return aggregate(n, out);
      case Op::kCountList:
        put(out, FlatOp::kCountList, field(n.field).slot);
        return true;
      case Op::kTable: return table(n, out);
      case Op::kLeast:
      case Op::kGreatest:
        if (!children(n, out)) return false;
        put(out, FlatOp::kExtreme, n.op == Op::kGreatest ? 1 : 0);
        return true;
      case Op::kConditional: {
        std::vector<std::size_t> to_else;
        if (!branch(child(n, 0), false, out, to_else)) return false;
        if (!emit(child(n, 1), out)) return false;
        const std::size_t to_end = jump(out, FlatOp::kJump);
        for (const std::size_t j : to_else) land(out, j);
        if (!emit(child(n, 2), out)) return false;
        land(out, to_end);
        return true;
      }
      case Op::kCollect:  // names gathered for messages: the tree form's
      case Op::kNameList: // a list literal as a value: only `in` reads one
        return false;
    }
    return false;
  }

  // A record member, or an element of a code list (kLoopValue).
  void member(const Node& n, FlatOp op, Code& out) const {
    const schema::Field& f = field(n.field);
    const bool whole = n.op == Op::kLoopValue;
    const schema::Field& list = whole ? f : field(f.parent);
    FlatInstr in;
    in.op = op;
    in.a = list.slot;
    in.b = whole ? 0 : f.slot;
    in.c = n.index;
    out.push_back(in);
  }

  // Code that jumps when condition `id` is `when` (the jumps are added to
  // `jumps`, for the caller to land) and goes on when it is not: an `and`
  // inside an `or` makes no truth value of its own. Operands are read left
  // to right and the first that decides ends it, as in the tree form.
  bool branch(NodeId id, bool when, Code& out, std::vector<std::size_t>& jumps) {
    const Node& n = rules_.node(id);
    switch (n.op) {
      case Op::kAnd:
      case Op::kOr: {
        const bool deciding = n.op == Op::kOr;  // the operand value that decides the whole
        std::vector<std::size_t> decided_otherwise;
        for (uint32_t i = 0; i < n.child_count; ++i) {
          const bool last = i + 1 == n.child_count;
          if (when == deciding) {
            if (!branch(child(n, i), deciding, out, jumps)) return false;
          } else if (!last) {
            if (!branch(child(n, i), deciding, out, decided_otherwise)) return false;
          } else if (!branch(child(n, i), when, out, jumps)) {  // the last operand's value is the whole's
            return false;
          }
        }
        for (const std::size_t j : decided_otherwise) land(out, j);
        return true;
      }
      case Op::kNot: return branch(child(n, 0), !when, out, jumps);
      case Op::kLess: case Op::kLessEqual: case Op::kGreater: case Op::kGreaterEqual:
      case Op::kEqual: case Op::kNotEqual:
        if (!compare(n, FlatOp::kBranchCompare, FlatOp::kBranchCompareConstant, when ? kFlatWhenTrue : 0, out)) {
          return false;
        }
        jumps.push_back(out.size() - 1);
        return true;
      default:
        if (!emit(id, out)) return false;
        jumps.push_back(jump(out, when ? FlatOp::kJumpIfTrue : FlatOp::kJumpIfFalse));
        return true;
    }
  }

  // A comparison; a request value on the left and a literal on the right
  // are read by the comparison itself.
  bool compare(const Node& n, FlatOp plain, FlatOp with_constant, uint8_t flags, Code& out) {
    FlatInstr in;
    const Node& left = rules_.node(child(n, 0));
    if (left.op == Op::kFact && !field(left.field).is_list()) {
      flags |= kFlatLeftScalar;
      in.d = field(left.field).slot;
    } else if (!emit(child(n, 0), out)) {
      return false;
    }
    in.flags = flags;
    in.a = static_cast<uint32_t>(n.op);
    in.b = rules_.node(child(n, 0)).type.kind == TypeKind::kName ? 1 : 0;
    const Node& right = rules_.node(child(n, 1));
    if (right.op == Op::kConstant) {
      in.op = with_constant;
      in.c = right.index;
    } else {
      if (!emit(child(n, 1), out)) return false;
      in.op = plain;
    }
    out.push_back(in);
    return true;
  }

  // `x otherwise y` with a request value for x: y only when x is not present.
  bool otherwise(const Node& n, Code& out) {
    const Node& left = rules_.node(child(n, 0));
    if (left.op == Op::kFact && !field(left.field).is_list()) {
      put(out, FlatOp::kScalarOr, field(left.field).slot);
    } else if (left.op == Op::kMember) {
      member(left, FlatOp::kMemberOr, out);
    } else {
      return false;  // the flat form cannot tell an unknown x from one decided on absent data
    }
    const std::size_t to_end = out.size() - 1;
    if (!emit(child(n, 1), out)) return false;
    land(out, to_end);
    return true;
  }

  // `x in list` where the list is a code list of the request or a literal.
  bool in_names(const Node& n, uint8_t negated, Code& out) {
    const Node& list = rules_.node(child(n, 1));
    const bool code_list = list.op == Op::kFact && (field(list.field).type == schema::FieldType::kCodeList ||
                                                    field(list.field).type == schema::FieldType::kDrugList);
    if (!code_list && list.op != Op::kNameList) return false;
    if (!emit(child(n, 0), out)) return false;
    if (code_list) {
      put(out, FlatOp::kInFactList, field(list.field).slot, 0, negated);
    } else {
      put(out, FlatOp::kInConstants, list.index, list.first_child, negated);  // a literal: constants[index, +count)
    }
    return true;
  }

  bool aggregate(const Node& n, Code& out) {
    FlatAggregate flat;
    flat.op = n.op;
    flat.tree = n.index;
    for (const AggregateSource& source : rules_.aggregates[n.index].sources) {
      FlatAggregateSource flat_source;
      flat_source.list_slot = field(source.list).slot;
      flat_source.loop_slot = source.slot;
      if (source.where != kNoNode) {
        flat_source.where = range_of(source.where);
        if (!flat_source.where.lowered()) return false;
      }
      const bool selects = n.op == Op::kSum || n.op == Op::kMax || n.op == Op::kMin;
      if (selects) {
        flat_source.select = range_of(source.select);
        if (!flat_source.select.lowered()) return false;
      }
      flat.sources.push_back(flat_source);
    }
    put(out, FlatOp::kAggregate, static_cast<uint32_t>(program_.aggregates.size()));
    program_.aggregates.push_back(std::move(flat));
    return true;
  }

  bool table(const Node& n, Code& out) {
    if (!lower_table(n.index) || !children(n, out)) return false;
    put(out, FlatOp::kTable, n.index, n.child_count);
    return true;
  }

  bool lower_let(uint32_t index) {
    if (let_state_[index] == State::kNotYet) {
      let_state_[index] = State::kNoFlatForm;  // until lowered: a let cannot use itself
      program_.lets[index] = range_of(rules_.lets[index].value);
      if (program_.lets[index].lowered()) let_state_[index] = State::kLowered;
    }
    return let_state_[index] == State::kLowered;
  }

  bool lower_table(uint32_t index) {
    if (table_state_[index] == State::kNotYet) {
      table_state_[index] = State::kNoFlatForm;
      const Table& t = rules_.tables[index];
      std::vector<FlatRange> results;
      for (const TableRow& row : t.rows) {
        results.push_back(range_of(row.result));
        if (!results.back().lowered()) return false;
      }
      program_.table_results[index] = std::move(results);
      table_state_[index] = State::kLowered;
    }
    return table_state_[index] == State::kLowered;
  }

  const RuleSet& rules_;
  std::span<const schema::Field> fields_;
  FlatProgram program_;
  std::vector<State> let_state_;
  std::vector<State> table_state_;
};

}  // namespace

FlatProgram lower_to_flat(const RuleSet& rules) { return Lowerer(rules).run(); }

}  // namespace rxr::compile
