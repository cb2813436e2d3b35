#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "compile/closest.h"
#include "compile/pack_compiler.h"
#include "units/unit.h"

namespace rxr::compile {

using ast::ExprKind;
using schema::FieldType;

namespace {

bool same_type(const Type& a, const Type& b) {
  if (a.kind != b.kind) return false;
  return a.kind != TypeKind::kNumber || a.dimension == b.dimension;
}

std::string join_path(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : ".") + s;
  return out;
}

}  // namespace

// Arithmetic on constants is done once, here: 0.8 mg/m2 * 2 is stored as 1.6 mg/m2.
std::optional<double> PackCompiler::fold(Op op, const std::vector<NodeId>& children) const {
  switch (op) {
    case Op::kNegate: case Op::kAdd: case Op::kSubtract: case Op::kMultiply: case Op::kDivide:
    case Op::kLeast: case Op::kGreatest: case Op::kSquareRoot:
      break;
    default:
      return std::nullopt;
  }
  std::vector<double> values;
  for (NodeId child : children) {
    const Node& n = out_.node(child);
    if (n.op != Op::kConstant || n.type.kind != TypeKind::kNumber) return std::nullopt;
    values.push_back(out_.constants[n.index].number);
  }
  switch (op) {
    case Op::kNegate: return -values[0];
    case Op::kAdd: return values[0] + values[1];
    case Op::kSubtract: return values[0] - values[1];
    case Op::kMultiply: return values[0] * values[1];
    case Op::kLeast: return std::min(values[0], values[1]);
    case Op::kGreatest: return std::max(values[0], values[1]);
    case Op::kSquareRoot: return values[0] < 0 ? std::nullopt : std::optional(std::sqrt(values[0]));
    default: return values[1] == 0 ? std::nullopt : std::optional(values[0] / values[1]);
  }
}

Type PackCompiler::type_of_field(schema::FieldId id) const {
  const schema::Field& f = out_.schema.field(id);
  switch (f.type) {
    case FieldType::kBool: return Type::boolean();
    case FieldType::kInteger:
    case FieldType::kNumber: return Type::number();
    case FieldType::kQuantity:
    case FieldType::kLab: return Type::quantity(f.unit);
    case FieldType::kTime: return Type::time();
    case FieldType::kText: return Type::text();
    case FieldType::kCode:
    case FieldType::kDrug: return Type::name();
    case FieldType::kChoice: {
      Type t = Type::name();
      t.choices = id;
      return t;
    }
    case FieldType::kCodeList:
    case FieldType::kDrugList: return Type::names();
    case FieldType::kRecordList: return Type::records(id);
    case FieldType::kObject: return Type::error();
  }
  return Type::error();
}

NodeId PackCompiler::add(Op op, Type type, const ast::Expr& e, std::vector<NodeId> children,
                         schema::FieldId field, uint32_t index, uint8_t flags) {
  if (!type.is_error()) {
    if (auto folded = fold(op, children)) return constant({type, *folded, kUnknownSymbol, {}}, e);
  }
  Node n;
  n.op = op;
  n.flags = flags;
  n.field = field;
  n.index = index;
  n.type = type;
  n.span = e.span;
  n.source = e.source;
  n.first_child = static_cast<uint32_t>(out_.children.size());
  n.child_count = static_cast<uint32_t>(children.size());
  n.depth = 1 + inner_depth(op, type, children, index);
  out_.children.insert(out_.children.end(), children.begin(), children.end());
  out_.nodes.push_back(std::move(n));
  return static_cast<NodeId>(out_.nodes.size() - 1);
}

// The deepest evaluation a node starts: its operands', and the bodies it
// evaluates through a let, a table row or an aggregate's condition.
uint32_t PackCompiler::inner_depth(Op op, const Type& type, const std::vector<NodeId>& children, uint32_t index) const {
  uint32_t depth = 0;
  auto reach = [&](NodeId node) {
    if (node != kNoNode) depth = std::max(depth, out_.node(node).depth);
  };
  for (NodeId child : children) reach(child);
  if (type.is_error()) return depth;
  switch (op) {
    case Op::kLet: reach(out_.lets[index].value); break;
    case Op::kTable:
      for (const TableRow& row : out_.tables[index].rows) reach(row.result);
      break;
    case Op::kAny: case Op::kAll: case Op::kCount: case Op::kCollect: case Op::kMax: case Op::kMin: case Op::kSum:
      for (const AggregateSource& source : out_.aggregates[index].sources) {
        reach(source.where);
        reach(source.select);
      }
      break;
    default: break;
  }
  return depth;
}

NodeId PackCompiler::constant(Constant c, const ast::Expr& e) {
  const auto index = static_cast<uint32_t>(out_.constants.size());
  const Type type = c.type;
  out_.constants.push_back(std::move(c));
  return add(Op::kConstant, type, e, {}, schema::kNoField, index);
}

void PackCompiler::record_shown(const std::string& label, NodeId node) {
  if (shown_ == nullptr || !loops_.empty()) return;
  for (const auto& fact : *shown_) {
    if (fact.label == label) return;
  }
  shown_->push_back({label, node});
}

NodeId PackCompiler::expr(const ast::Expr& e) {
  // Expressions and the lets they use compile recursively: past the
  // evaluation depth limit the result could not load anyway, so stop.
  if (compile_depth_ > limits_.max_evaluation_depth) {
    if (!depth_reported_) {
      error(e.span, fmt::format("this is more than {} operations deep, counting the lets and tables it uses",
                                limits_.max_evaluation_depth),
            "compute parts of it in lets that do not build on one another, or simplify it");
    }
    depth_reported_ = true;
    return add(Op::kConstant, Type::error(), e);
  }
  ++compile_depth_;
  const NodeId out = expr_here(e);
  --compile_depth_;
  if (compile_depth_ == 0) depth_reported_ = false;
  return out;
}

NodeId PackCompiler::expr_here(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber: return number_literal(e);
    case ExprKind::kLimitMultiple:
      error(e.span, "'x ULN' and 'x LLN' compare a lab value with its limit of normal",
            "write it on the right of a comparison: labs.total_bilirubin > 1.5 x ULN");
      return add(Op::kConstant, Type::error(), e);
    case ExprKind::kString: return constant({Type::text(), 0, kUnknownSymbol, e.text}, e);
    case ExprKind::kBool: return constant({Type::boolean(), e.boolean ? 1.0 : 0.0, kUnknownSymbol, {}}, e);
    case ExprKind::kPath: return path(e);
    case ExprKind::kCall: return call(e);
    case ExprKind::kAggregate: return aggregate(e);
    case ExprKind::kList: return list_literal(e);
    case ExprKind::kNegate: {
      NodeId operand = expr(*e.operands[0]);
      const Type& t = out_.node(operand).type;
      if (!t.is_error() && t.kind != TypeKind::kNumber) {
        error(e.span, fmt::format("cannot negate {}", describe(t)));
        return add(Op::kNegate, Type::error(), e, {operand});
      }
      return add(Op::kNegate, t, e, {operand});
    }
    case ExprKind::kArithmetic: return arithmetic(e);
    case ExprKind::kCompare: return comparison(e);
    case ExprKind::kOtherwise: {
      NodeId left = expr(*e.operands[0]);
      NodeId right = expr(*e.operands[1]);
      // A code in quotes stands in for a missing code: preparation.container otherwise "bag".
      if (out_.node(left).type.kind == TypeKind::kName) right = as_name(right, out_.node(left).type);
      const Type& a = out_.node(left).type;
      const Type& b = out_.node(right).type;
      if (a.is_error() || b.is_error()) return add(Op::kOtherwise, Type::error(), e, {left, right});
      if (!same_type(a, b)) {
        error(e.operands[1]->span, fmt::format("'otherwise' needs {} like its left side, not {}",
                                               describe(a), describe(b)));
        return add(Op::kOtherwise, Type::error(), e, {left, right});
      }
      return add(Op::kOtherwise, a, e, {left, right});
    }
    case ExprKind::kPresence: return presence(e);
    case ExprKind::kIn: return membership(e);
    case ExprKind::kWithin: return within(e);
    case ExprKind::kConditional: return conditional(e);
    case ExprKind::kNot:
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      std::vector<NodeId> operands;
      bool ok = true;
      for (const auto& operand : e.operands) {
        NodeId n = expr(*operand);
        const Type& t = out_.node(n).type;
        if (!t.is_error() && t.kind != TypeKind::kBool) {
          error(operand->span, fmt::format("expected true or false, found {}", describe(t)),
                "compare it with something, e.g. labs.anc < 1 x10^9/L");
          ok = false;
        }
        ok = ok && !t.is_error();
        operands.push_back(n);
      }
      const Op op = e.kind == ExprKind::kNot ? Op::kNot : e.kind == ExprKind::kAnd ? Op::kAnd : Op::kOr;
      return add(op, ok ? Type::boolean() : Type::error(), e, operands);
    }
  }
  return add(Op::kConstant, Type::error(), e);
}

NodeId PackCompiler::number_literal(const ast::Expr& e) {
  if (e.unit.empty()) return constant({Type::number(), e.number, kUnknownSymbol, {}}, e);
  auto unit = units::find_unit(e.unit);
  if (!unit) {
    std::string hint = "units are written as in the request contract: mg, mg/m2, /mm3, x10^9/L, mmol/L, d, h";
    if (declared_.count(e.unit) != 0 || rule_lets_.count(e.unit) != 0) {
      hint = fmt::format("'{}' is a name, not a unit: to multiply, write {} * {}", e.unit, e.number, e.unit);
    } else if (e.unit == "in") {
      hint = "'in' tests membership; write inches as a request unit only";
    }
    error(e.unit_span, fmt::format("unknown unit '{}'", e.unit), hint);
    return add(Op::kConstant, Type::error(), e);
  }
  return constant({Type::quantity(*unit), e.number * unit->factor, kUnknownSymbol, {}}, e);
}

bool PackCompiler::is_undeclared_word(const ast::Expr& e) const {
  if (e.kind != ExprKind::kPath || e.path.size() != 1) return false;
  const std::string& name = e.path.front();
  const bool loop_variable = std::any_of(loops_.begin(), loops_.end(), [&](const auto& loop) { return loop.name == name; });
  return !loop_variable && rule_lets_.count(name) == 0 && lets_.count(name) == 0 && consts_.count(name) == 0 &&
         lists_.count(name) == 0 && tables_.count(name) == 0 && out_.schema.find(name) == schema::kNoField;
}

std::string PackCompiler::unknown_name_hint(const std::string& name) {
  if (diagnostics_.full()) return {};
  std::vector<std::string_view> candidates;
  // Gathering the candidates costs as much as comparing them: not once the budget is spent.
  if (suggestion_budget_ > 0) {
    for (const auto& [n, span] : declared_) candidates.push_back(n);
    for (const auto& [n, entry] : rule_lets_) candidates.push_back(n);
    for (const auto& loop : loops_) candidates.push_back(loop.name);
    for (const auto& f : out_.schema.fields()) candidates.push_back(f.path);
  }
  if (std::string_view best = closest(name, candidates, suggestion_budget_); !best.empty()) {
    return fmt::format("did you mean {}?", best);
  }
  if (name.find('-') != std::string::npos) return "to subtract, put spaces around '-'";
  return "paths are those of the request contract (labs.anc, order.dose, ...) or names declared with let, const or list";
}

NodeId PackCompiler::path(const ast::Expr& e) {
  const std::string& head = e.path.front();
  // Innermost loop variable first: `a.given_at` inside count(a in ...).
  for (auto loop = loops_.rbegin(); loop != loops_.rend(); ++loop) {
    if (loop->name != head) continue;
    const schema::Field& list = out_.schema.field(loop->list);
    if (e.path.size() == 1) {
      if (list.is_name_list()) return add(Op::kLoopValue, Type::name(), e, {}, loop->list, loop->slot);
      error(e.span, fmt::format("'{}' is a whole record of {}", head, list.path),
            fmt::format("name one of its values, e.g. {}.{}", head, out_.schema.members(loop->list).front().name));
      return add(Op::kConstant, Type::error(), e);
    }
    const schema::FieldId member = out_.schema.member(loop->list, e.path[1]);
    if (member == schema::kNoField || e.path.size() > 2) {
      std::vector<std::string_view> names;
      for (const auto& f : out_.schema.fields()) {
        if (f.parent == loop->list) names.push_back(f.name);
      }
      error(e.span, fmt::format("records of {} have no value '{}'", list.path, join_path(std::vector(e.path.begin() + 1, e.path.end()))),
            fmt::format("they have: {}", fmt::join(names, ", ")));
      return add(Op::kConstant, Type::error(), e);
    }
    return path_to_field(e, member, loop->slot);
  }
  if (e.path.size() == 1) {
    if (auto it = rule_lets_.find(head); it != rule_lets_.end()) return reference_let(it->second, e.span);
    if (auto it = lets_.find(head); it != lets_.end()) return reference_let(it->second, e.span);
    if (auto it = consts_.find(head); it != consts_.end()) return reference_const(it->second, e.span);
    if (lists_.count(head) != 0) {
      error(e.span, fmt::format("'{}' is a list of names", head),
            fmt::format("test membership: m.drug in {}", head));
      return add(Op::kConstant, Type::error(), e);
    }
    if (tables_.count(head) != 0) {
      error(e.span, fmt::format("'{}' is a table", head), fmt::format("look a value up: {}(...)", head));
      return add(Op::kConstant, Type::error(), e);
    }
  }
  const std::string full = join_path(e.path);
  const schema::FieldId field = out_.schema.find(full);
  if (field == schema::kNoField) {
    if (unparsed_.contains(full) || unparsed_.contains(head)) return add(Op::kConstant, Type::error(), e);
    error(e.span, fmt::format("unknown name '{}'", full), unknown_name_hint(full));
    return add(Op::kConstant, Type::error(), e);
  }
  return path_to_field(e, field, std::nullopt);
}

NodeId PackCompiler::path_to_field(const ast::Expr& e, schema::FieldId field, std::optional<uint32_t> loop_slot) {
  const schema::Field& f = out_.schema.field(field);
  if (f.type == FieldType::kObject) {
    std::vector<std::string_view> names;
    for (const auto& member : out_.schema.fields()) {
      if (member.parent == field) names.push_back(member.name);
    }
    error(e.span, fmt::format("{} is a group of values", f.path),
          fmt::format("name one of: {}", fmt::join(names, ", ")));
    return add(Op::kConstant, Type::error(), e);
  }
  const Type type = type_of_field(field);
  if (loop_slot) return add(Op::kMember, type, e, {}, field, *loop_slot);
  const NodeId node = add(Op::kFact, type, e, {}, field);
  if (type.kind != TypeKind::kRecords && type.kind != TypeKind::kNames) record_shown(std::string(f.path), node);
  return node;
}

NodeId PackCompiler::reference_let(LetEntry& entry, syntax::Span use) {
  const std::string& name = entry.decl->name.name;
  if (entry.state == State::kCompiling) {
    error(use, fmt::format("'{}' is defined in terms of itself", name), "break the cycle between these lets");
    Node n;
    n.span = use;
    out_.nodes.push_back(n);
    return static_cast<NodeId>(out_.nodes.size() - 1);
  }
  if (entry.state == State::kPending) {
    entry.state = State::kCompiling;
    // A let's value is shown as the let itself, not as the facts inside it.
    auto* saved_shown = std::exchange(shown_, nullptr);
    auto saved_loops = std::exchange(loops_, {});
    const NodeId value = expr(*entry.decl->value);
    shown_ = saved_shown;
    loops_ = std::move(saved_loops);
    within_depth(value, entry.decl->name.span, fmt::format("let {}", name));
    entry.let = static_cast<uint32_t>(out_.lets.size());
    out_.lets.push_back({name, value});
    entry.state = State::kDone;
  }
  const Let& let = out_.lets[entry.let];
  const NodeId node = add(Op::kLet, out_.node(let.value).type, *entry.decl->value, {}, schema::kNoField, entry.let);
  out_.nodes[node].span = use;
  out_.nodes[node].source = name;
  const Type& type = out_.node(node).type;
  if (type.kind != TypeKind::kRecords && type.kind != TypeKind::kNames) record_shown(name, node);
  return node;
}

NodeId PackCompiler::reference_const(ConstEntry& entry, syntax::Span use) {
  const std::string& name = entry.decl->name.name;
  if (entry.state == State::kCompiling) {
    error(use, fmt::format("'{}' is defined in terms of itself", name));
    return add(Op::kConstant, Type::error(), *entry.decl->value);
  }
  if (entry.state == State::kPending) {
    entry.state = State::kCompiling;
    auto* saved_shown = std::exchange(shown_, nullptr);
    entry.node = expr(*entry.decl->value);
    shown_ = saved_shown;
    entry.state = State::kDone;
  }
  // Each use gets a node of its own, named after the constant, so that an
  // explanation reads "MAX_BLASTS => 10000 /mm3" rather than a bare number.
  const Node value = out_.node(entry.node);
  ast::Expr reference;
  reference.span = use;
  reference.source = name;
  if (value.op != Op::kConstant) {
    if (!value.type.is_error()) {
      error(entry.decl->value->span, fmt::format("const {} depends on the request", name),
            fmt::format("a const is fixed when the rules load; use: let {} = ...", name));
    }
    return add(Op::kConstant, Type::error(), reference);
  }
  return add(Op::kConstant, value.type, reference, {}, schema::kNoField, value.index, kNamed);
}

NodeId PackCompiler::arithmetic(const ast::Expr& e) {
  const NodeId left = expr(*e.operands[0]);
  const NodeId right = expr(*e.operands[1]);
  const Type a = out_.node(left).type;
  const Type b = out_.node(right).type;
  static constexpr Op kOps[] = {Op::kAdd, Op::kSubtract, Op::kMultiply, Op::kDivide};
  const Op op = kOps[static_cast<int>(e.arithmetic)];
  if (a.is_error() || b.is_error()) return add(op, Type::error(), e, {left, right});
  const bool numbers = a.kind == TypeKind::kNumber && b.kind == TypeKind::kNumber;
  const bool is_duration = [](const Type& t) { return t.kind == TypeKind::kNumber && t.dimension == units::dims::kTime; }(b);
  Type result = Type::error();
  switch (op) {
    case Op::kAdd:
    case Op::kSubtract:
      if (numbers && a.dimension == b.dimension) {
        result = a;  // shown in the left side's unit
      } else if (a.kind == TypeKind::kTime && is_duration) {
        result = Type::time();  // a time shifted by a duration
      } else if (op == Op::kSubtract && a.kind == TypeKind::kTime && b.kind == TypeKind::kTime) {
        result = Type::number(units::dims::kTime);  // the time between two times
      }
      break;
    case Op::kMultiply:
      if (numbers) result = Type::number(a.dimension * b.dimension);
      break;
    case Op::kDivide:
      if (numbers) result = Type::number(a.dimension / b.dimension);
      break;
    default:
      break;
  }
  if (result.is_error()) {
    static constexpr const char* kWords[] = {"add", "subtract", "multiply", "divide"};
    error(e.span, fmt::format("cannot {} {} and {}", kWords[static_cast<int>(e.arithmetic)], describe(a), describe(b)),
          op == Op::kAdd || op == Op::kSubtract ? "both sides need the same unit dimension" : "");
  }
  return add(op, result, e, {left, right});
}

NodeId PackCompiler::as_name(NodeId node, const Type& expected) {
  const Node& n = out_.node(node);
  if (n.type.kind != TypeKind::kText || n.op != Op::kConstant) return node;
  const Constant text = out_.constants[n.index];
  Constant name{expected, 0, literal_name(text.text, expected, n.span), text.text};
  name.type.kind = TypeKind::kName;
  ast::Expr origin;
  origin.span = n.span;
  origin.source = n.source;
  return constant(std::move(name), origin);
}

NodeId PackCompiler::comparison(const ast::Expr& e) {
  static constexpr Op kOps[] = {Op::kLess, Op::kLessEqual, Op::kGreater, Op::kGreaterEqual, Op::kEqual, Op::kNotEqual};
  const Op op = kOps[static_cast<int>(e.compare)];
  NodeId left = expr(*e.operands[0]);
  if (e.operands[1]->kind == ExprKind::kLimitMultiple) {
    const NodeId limit = limit_multiple(*e.operands[1], left, *e.operands[0]);
    const bool ok = !out_.node(limit).type.is_error() && !out_.node(left).type.is_error();
    return add(op, ok ? Type::boolean() : Type::error(), e, {left, limit});
  }
  // `route == IV`: a code written as a name. Say so, rather than suggest
  // the nearest name (which would be `id`).
  if (op == Op::kEqual || op == Op::kNotEqual) {
    for (const auto& side : e.operands) {
      if (!is_undeclared_word(*side)) continue;
      const ast::Expr& other = side == e.operands[0] ? *e.operands[1] : *e.operands[0];
      error(side->span, fmt::format("unknown name '{}'", side->path.front()),
            fmt::format("a code is written as a string: {} {} \"{}\"", other.source, op == Op::kEqual ? "==" : "!=",
                        side->path.front()));
      return add(op, Type::error(), e, {left});
    }
  }
  NodeId right = expr(*e.operands[1]);
  left = as_name(left, out_.node(right).type);
  right = as_name(right, out_.node(left).type);
  const Type& a = out_.node(left).type;
  const Type& b = out_.node(right).type;
  if (a.is_error() || b.is_error()) return add(op, Type::error(), e, {left, right});
  const bool ordered = op != Op::kEqual && op != Op::kNotEqual;
  bool ok = same_type(a, b);
  if (ok && ordered) ok = a.kind == TypeKind::kNumber || a.kind == TypeKind::kTime;
  if (ok && !ordered) ok = a.kind != TypeKind::kRecords && a.kind != TypeKind::kNames && a.kind != TypeKind::kText;
  if (!ok) {
    std::string hint;
    if (a.kind == TypeKind::kNumber && b.kind == TypeKind::kNumber && a.dimension == b.dimension * units::dims::kArea) {
      hint = fmt::format("{} is per m2 of body surface: multiply it by the patient's, {} * patient.bsa",
                         e.operands[1]->source, e.operands[1]->source);
    } else if (a.kind == TypeKind::kNumber && b.kind == TypeKind::kNumber && b.dimension == a.dimension * units::dims::kArea) {
      hint = fmt::format("{} is per m2 of body surface: multiply it by the patient's, {} * patient.bsa",
                         e.operands[0]->source, e.operands[0]->source);
    } else if (a.kind == TypeKind::kNumber && b.kind == TypeKind::kNumber) {
      hint = fmt::format("write the right side in a unit of {}, e.g. {}", units::describe(a.dimension),
                         units::example_units(a.dimension));
    } else if (a.kind == TypeKind::kNames || b.kind == TypeKind::kNames) {
      hint = "test membership with 'in'";
    }
    error(e.span, fmt::format("cannot compare {} with {}", describe(a), describe(b)), hint);
    return add(op, Type::error(), e, {left, right});
  }
  return add(op, Type::boolean(), e, {left, right});
}

NodeId PackCompiler::limit_multiple(const ast::Expr& limit, NodeId lab, const ast::Expr& lab_expr) {
  // Copied, not referenced: adding nodes below may move the node array.
  const Node lab_node = out_.node(lab);
  const bool is_lab = (lab_node.op == Op::kFact || lab_node.op == Op::kMember) && lab_node.field != schema::kNoField &&
                      out_.schema.field(lab_node.field).type == FieldType::kLab;
  const NodeId factor = constant({Type::number(), limit.number, kUnknownSymbol, {}}, limit);
  if (!is_lab) {
    if (!lab_node.type.is_error()) {
      error(lab_expr.span, fmt::format("'{}' has no limits of normal", lab_expr.source),
            "x ULN and x LLN compare a lab value (labs.* or baseline_labs.*) with its own limit");
    }
    return add(Op::kLimitOf, Type::error(), limit, {factor});
  }
  const char* member = limit.limit == ast::Limit::kUpper ? "uln" : "lln";
  const schema::FieldId limit_field = out_.schema.member(lab_node.field, member);
  record_shown(std::string(out_.schema.field(limit_field).path), add(Op::kFact, lab_node.type, limit, {}, limit_field));
  return add(Op::kLimitOf, lab_node.type, limit, {factor}, limit_field);
}

NodeId PackCompiler::presence(const ast::Expr& e) {
  const ast::Expr& operand = *e.operands[0];
  const NodeId node = expr(operand);
  const Node& n = out_.node(node);
  if (n.type.is_error()) return add(Op::kPresence, Type::error(), e, {node});
  if ((n.op != Op::kFact && n.op != Op::kMember) || n.field == schema::kNoField) {
    error(operand.span, "'is present' and 'is missing' test a value of the request",
          "name a request path, e.g. labs.anc is missing");
    return add(Op::kPresence, Type::error(), e, {node});
  }
  // "is missing" and "is not present" are the same test, negated.
  const bool negated = e.tests_missing != e.negated;
  return add(Op::kPresence, Type::boolean(), e, {node}, n.field, 0, negated ? kNegated : 0);
}

NodeId PackCompiler::membership(const ast::Expr& e) {
  const uint8_t flags = e.negated ? kNegated : 0;
  NodeId value = expr(*e.operands[0]);
  const ast::Expr& list = *e.operands[1];
  // A declared list: membership is a bit test on the interned name.
  if (list.kind == ExprKind::kPath && list.path.size() == 1 && lists_.count(list.path[0]) != 0 &&
      rule_lets_.count(list.path[0]) == 0) {
    value = as_name(value, Type::name());
    const Type& t = out_.node(value).type;
    if (!t.is_error() && t.kind != TypeKind::kName) {
      error(e.operands[0]->span, fmt::format("a list of names cannot contain {}", describe(t)));
      return add(Op::kInList, Type::error(), e, {value}, schema::kNoField, 0, flags);
    }
    return add(Op::kInList, t.is_error() ? Type::error() : Type::boolean(), e, {value}, schema::kNoField,
               lists_.at(list.path[0]).index, flags);
  }
  // A list literal of numbers is a chain of equalities: order.day in [1, 8, 15].
  if (list.kind == ExprKind::kList && !list.operands.empty() && list.operands.front()->kind == ExprKind::kNumber) {
    std::vector<NodeId> tests;
    for (const auto& item : list.operands) {
      const NodeId n = expr(*item);
      const Type& a = out_.node(value).type;
      const Type& b = out_.node(n).type;
      if (!a.is_error() && !b.is_error() && !same_type(a, b)) {
        error(item->span, fmt::format("cannot compare {} with {}", describe(a), describe(b)));
      }
      tests.push_back(add(Op::kEqual, Type::boolean(), *item, {value, n}));
    }
    const NodeId any = add(Op::kOr, Type::boolean(), e, tests);
    return e.negated ? add(Op::kNot, Type::boolean(), e, {any}) : any;
  }
  const NodeId names = expr(list);
  // Copied, not referenced: as_name may add a node and move the node array.
  const Type names_type = out_.node(names).type;
  value = as_name(value, names_type.kind == TypeKind::kNames ? Type::name() : names_type);
  const Type& t = out_.node(value).type;
  if (t.is_error() || names_type.is_error()) return add(Op::kInNames, Type::error(), e, {value, names}, schema::kNoField, 0, flags);
  if (names_type.kind != TypeKind::kNames || t.kind != TypeKind::kName) {
    error(e.span, fmt::format("cannot test whether {} is in {}", describe(t), describe(names_type)),
          "the right of 'in' is a list name, a list [\"a\", \"b\"] or a list of codes such as patient.conditions");
    return add(Op::kInNames, Type::error(), e, {value, names}, schema::kNoField, 0, flags);
  }
  return add(Op::kInNames, Type::boolean(), e, {value, names}, schema::kNoField, 0, flags);
}

NodeId PackCompiler::list_literal(const ast::Expr& e) {
  const auto first = static_cast<uint32_t>(out_.constants.size());
  for (const auto& item : e.operands) {
    if (item->kind != ExprKind::kString) {
      error(item->span, "a list holds names in quotes (\"IV\") or numbers, not a mix");
      return add(Op::kNameList, Type::error(), e);
    }
    out_.constants.push_back({Type::name(), 0, literal_name(item->text, Type::name(), item->span), item->text});
  }
  NodeId n = add(Op::kNameList, Type::names(), e, {}, schema::kNoField, first);
  out_.nodes[n].child_count = 0;
  out_.nodes[n].first_child = static_cast<uint32_t>(e.operands.size());  // item count
  return n;
}

NodeId PackCompiler::within(const ast::Expr& e) {
  const NodeId value = expr(*e.operands[0]);
  const NodeId tolerance = expr(*e.operands[1]);
  const NodeId reference = expr(*e.operands[2]);
  const Type& v = out_.node(value).type;
  const Type& t = out_.node(tolerance).type;
  const Type& r = out_.node(reference).type;
  const uint8_t flags = e.negated ? kNegated : 0;
  if (v.is_error() || t.is_error() || r.is_error()) return add(Op::kWithinPercent, Type::error(), e, {value, tolerance, reference}, schema::kNoField, 0, flags);
  const bool comparable = same_type(v, r) && (v.kind == TypeKind::kNumber || v.kind == TypeKind::kTime);
  if (!comparable) {
    error(e.span, fmt::format("cannot compare {} with {}", describe(v), describe(r)));
    return add(Op::kWithinPercent, Type::error(), e, {value, tolerance, reference}, schema::kNoField, 0, flags);
  }
  if (t.kind == TypeKind::kNumber && t.dimension.dimensionless() && v.kind == TypeKind::kNumber) {
    return add(Op::kWithinPercent, Type::boolean(), e, {value, tolerance, reference}, schema::kNoField, 0, flags);
  }
  const units::Dimension absolute = v.kind == TypeKind::kTime ? units::dims::kTime : v.dimension;
  if (t.kind == TypeKind::kNumber && t.dimension == absolute) {
    return add(Op::kWithinAbsolute, Type::boolean(), e, {value, tolerance, reference}, schema::kNoField, 0, flags);
  }
  error(e.operands[1]->span, fmt::format("the tolerance is {}", describe(t)),
        "write a percentage (within 10 % of ...) or an amount in the compared unit (within 2 d of ...)");
  return add(Op::kWithinPercent, Type::error(), e, {value, tolerance, reference}, schema::kNoField, 0, flags);
}

NodeId PackCompiler::aggregate(const ast::Expr& e) {
  static const std::map<std::string, Op, std::less<>> kAggregates{
      {"any", Op::kAny}, {"all", Op::kAll}, {"count", Op::kCount},
      {"collect", Op::kCollect}, {"max", Op::kMax}, {"min", Op::kMin}, {"sum", Op::kSum}};
  auto it = kAggregates.find(e.function);
  if (it == kAggregates.end()) {
    error(e.span, fmt::format("'{}' does not go over a list", e.function),
          "use any, all, count, collect, max, min or sum: any(m in medications where ...)");
    return add(Op::kAny, Type::error(), e);
  }
  const Op op = it->second;
  // Every list named must be a list of the request, all of records or all of codes.
  std::vector<schema::FieldId> lists;
  for (const auto& list : e.operands) {
    const schema::FieldId field = out_.schema.find(join_path(list->path));
    const bool is_list = field != schema::kNoField && out_.schema.field(field).is_list();
    if (!is_list) {
      error(list->span, fmt::format("'{}' is not a list of the request", list->source),
            "go over medications, premedications, patient.conditions or a history list");
      return add(op, Type::error(), e);
    }
    if (!lists.empty() && out_.schema.field(field).is_name_list() != out_.schema.field(lists.front()).is_name_list()) {
      error(list->span, fmt::format("'{}' and '{}' are not lists of the same kind", e.operands.front()->source,
                                    list->source),
            "go over lists of records together, or lists of codes together");
      return add(op, Type::error(), e);
    }
    lists.push_back(field);
  }
  const bool records = out_.schema.field(lists.front()).type == FieldType::kRecordList;
  const std::string& first_list = e.operands.front()->source;
  const bool wants_where = op == Op::kAny || op == Op::kAll;
  const bool wants_select = op == Op::kMax || op == Op::kMin || op == Op::kSum || (op == Op::kCollect && records);
  if (wants_where && !e.where) {
    error(e.span, fmt::format("{}(...) needs a condition", e.function),
          fmt::format("{}({} in {} where ...)", e.function, e.variable, first_list));
    return add(op, Type::error(), e);
  }
  if (wants_select && !e.select) {
    error(e.span, fmt::format("{}(...) needs the value to take", e.function),
          fmt::format("{}({} in {} select {}.given_at)", e.function, e.variable, first_list, e.variable));
    return add(op, Type::error(), e);
  }
  // The condition and the selected value are compiled once per list, each
  // for that list's records: `m.drug` is a different column of each.
  Aggregate compiled;
  bool ok = true;
  Type selected_type = Type::name();
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const schema::FieldId list = lists[i];
    AggregateSource source;
    source.list = list;
    source.slot = out_.loop_variables++;
    loops_.push_back({e.variable, list, source.slot});
    if (e.where) {
      source.where = expr(*e.where);
      const Type& t = out_.node(source.where).type;
      if (!t.is_error() && t.kind != TypeKind::kBool) {
        error(e.where->span, fmt::format("the condition is {}, not true or false", describe(t)));
      }
      ok = ok && t.kind == TypeKind::kBool;
    }
    if (e.select) {
      source.select = expr(*e.select);
      const Type& t = out_.node(source.select).type;
      if (i > 0 && !t.is_error() && !selected_type.is_error() && !same_type(t, selected_type)) {
        error(e.select->span, fmt::format("the value taken is {} in {} but {} in {}", describe(t),
                                          out_.schema.field(list).path, describe(selected_type),
                                          out_.schema.field(lists.front()).path));
        ok = false;
      }
      if (i == 0 || t.is_error()) selected_type = t;
    }
    loops_.pop_back();
    compiled.sources.push_back(source);
  }
  Type result = Type::error();
  switch (op) {
    case Op::kAny:
    case Op::kAll: result = Type::boolean(); break;
    case Op::kCount: result = Type::number(); break;
    case Op::kCollect:
      for (const AggregateSource& source : compiled.sources) {
        if (source.select != kNoNode && out_.node(source.select).op != Op::kMember && !selected_type.is_error()) {
          error(e.select->span, "collect takes a value of each entry as it is",
                fmt::format("select a name of the entry: collect({} in {} select {}.drug)", e.variable, first_list,
                            e.variable));
          selected_type = Type::error();
        }
      }
      if (selected_type.kind == TypeKind::kName) {
        result = Type::names();
      } else if (!selected_type.is_error()) {
        error(e.select->span, fmt::format("collect takes names; this is {}", describe(selected_type)));
      }
      break;
    case Op::kSum:
      // Durations, doses and counts add up; moments in time do not.
      if (selected_type.kind == TypeKind::kNumber) {
        result = selected_type;
      } else if (!selected_type.is_error()) {
        error(e.select->span, fmt::format("sum takes numbers or quantities; this is {}", describe(selected_type)),
              fmt::format("sum a duration: sum({} in {} select {}.ended_at - {}.given_at)", e.variable, first_list,
                          e.variable, e.variable));
      }
      break;
    default:
      if (selected_type.kind == TypeKind::kNumber || selected_type.kind == TypeKind::kTime) {
        result = selected_type;
      } else if (!selected_type.is_error()) {
        error(e.select->span, fmt::format("{} takes numbers or times; this is {}", e.function, describe(selected_type)));
      }
      break;
  }
  if (!ok || selected_type.is_error()) result = Type::error();
  const auto index = static_cast<uint32_t>(out_.aggregates.size());
  out_.aggregates.push_back(std::move(compiled));
  return add(op, result, e, {}, lists.front(), index);
}

// if c then a else b: a and b of one type, shown as a is.
NodeId PackCompiler::conditional(const ast::Expr& e) {
  const NodeId test = expr(*e.operands[0]);
  const NodeId then = expr(*e.operands[1]);
  const NodeId otherwise = expr(*e.operands[2]);
  const Type& c = out_.node(test).type;
  const Type& a = out_.node(then).type;
  const Type& b = out_.node(otherwise).type;
  if (c.is_error() || a.is_error() || b.is_error()) return add(Op::kConditional, Type::error(), e, {test, then, otherwise});
  if (c.kind != TypeKind::kBool) {
    error(e.operands[0]->span, fmt::format("the condition of 'if' is {}, not true or false", describe(c)));
    return add(Op::kConditional, Type::error(), e, {test, then, otherwise});
  }
  if (!same_type(a, b) || a.kind == TypeKind::kRecords) {
    error(e.operands[2]->span, fmt::format("'else' needs {} like 'then', not {}", describe(a), describe(b)),
          "both branches give the same kind of value, in the same unit dimension");
    return add(Op::kConditional, Type::error(), e, {test, then, otherwise});
  }
  return add(Op::kConditional, a, e, {test, then, otherwise});
}

// min(a, b), max(a, b): numbers of one dimension or times; sqrt(x) of a
// plain number or of an area (exponents halve: m2 -> m).
NodeId PackCompiler::function(const ast::Expr& e, Op op) {
  std::vector<NodeId> args;
  for (const auto& operand : e.operands) args.push_back(expr(*operand));
  const std::size_t arity = op == Op::kSquareRoot ? 1 : 2;
  if (args.size() != arity) {
    error(e.span, fmt::format("{} takes {} value{}; {} given", e.function, arity, arity == 1 ? "" : "s", args.size()),
          op == Op::kSquareRoot ? "sqrt(patient.height / 1 cm * patient.weight / 1 kg / 3600)" : "min(dose, 28 mcg/d)");
    return add(op, Type::error(), e, args);
  }
  for (NodeId arg : args) {
    if (out_.node(arg).type.is_error()) return add(op, Type::error(), e, args);
  }
  const Type a = out_.node(args[0]).type;
  if (op == Op::kSquareRoot) {
    const auto root = a.kind == TypeKind::kNumber ? units::square_root(a.dimension) : std::nullopt;
    if (!root) {
      error(e.operands[0]->span, fmt::format("cannot take the square root of {}", describe(a)),
            "divide by a unit first to make it a plain number: sqrt(patient.weight / 1 kg)");
      return add(op, Type::error(), e, args);
    }
    return add(op, Type::number(*root), e, args);
  }
  const Type& b = out_.node(args[1]).type;
  const bool comparable = same_type(a, b) && (a.kind == TypeKind::kNumber || a.kind == TypeKind::kTime);
  if (!comparable) {
    error(e.span, fmt::format("{} needs two numbers of one dimension or two times; these are {} and {}", e.function,
                              describe(a), describe(b)));
    return add(op, Type::error(), e, args);
  }
  return add(op, a, e, args);
}

NodeId PackCompiler::call(const ast::Expr& e) {
  if (e.function == "min" || e.function == "max") {
    return function(e, e.function == "min" ? Op::kLeast : Op::kGreatest);
  }
  if (e.function == "sqrt") return function(e, Op::kSquareRoot);
  if (e.function == "count") {
    if (e.operands.size() == 1 && e.operands[0]->kind == ExprKind::kPath) {
      const schema::FieldId field = out_.schema.find(join_path(e.operands[0]->path));
      if (field != schema::kNoField && out_.schema.field(field).is_list()) {
        return add(Op::kCountList, Type::number(), e, {}, field);
      }
    }
    error(e.span, "count(...) takes a list of the request",
          "count(history.administrations), or count(a in history.administrations where ...)");
    return add(Op::kCountList, Type::error(), e);
  }
  auto table = tables_.find(e.function);
  if (table == tables_.end() && unparsed_.contains(e.function)) return add(Op::kConstant, Type::error(), e);
  if (table == tables_.end()) {
    std::vector<std::string_view> names{"count", "min", "max", "sqrt"};
    if (suggestion_budget_ > 0 && !diagnostics_.full()) {
      for (const auto& [name, entry] : tables_) names.push_back(name);
    }
    const std::string_view best = closest(e.function, names, suggestion_budget_);
    error(e.span, fmt::format("unknown table or function '{}'", e.function),
          best.empty() ? "declare a table, or use count, min, max or sqrt" : fmt::format("did you mean {}?", best));
    return add(Op::kTable, Type::error(), e);
  }
  compile_table(table->second);
  std::vector<NodeId> args;
  bool ok = true;
  for (const auto& operand : e.operands) {
    args.push_back(expr(*operand));
    ok = ok && !out_.node(args.back()).type.is_error();
  }
  if (out_.tables.size() <= table->second.index) return add(Op::kTable, Type::error(), e, args);
  const Table& compiled = out_.tables[table->second.index];
  const std::size_t errors = diagnostics_.size();
  check_patterns(compiled, args, e.span);
  ok = ok && diagnostics_.size() == errors && !compiled.rows.empty();
  const Type result = ok ? out_.node(compiled.rows.front().result).type : Type::error();
  return add(Op::kTable, result, e, args, schema::kNoField, table->second.index);
}

}  // namespace rxr::compile
