// Request field declarations (`field`, `extend`, `derive`, `category`): the
// schema a pack reads, built before any rule is compiled against it.
#include <algorithm>

#include <fmt/format.h>

#include "compile/pack_compiler.h"
#include "units/unit.h"

namespace rxr::compile {

using schema::FieldId;
using schema::FieldType;
using schema::kNoField;

namespace {

constexpr std::string_view kTypeList =
    "bool, integer, number, text, code, codes, drug, drugs, time, choice, quantity or lab";
constexpr std::string_view kClauseList = "plausible, uln, lln (labs), convert (quantities and labs) or after (times)";

bool takes_unit(FieldType t) { return t == FieldType::kQuantity || t == FieldType::kLab; }

}  // namespace

// Finds or creates the objects and record lists a path goes through;
// kNoField (reported) when the path runs into a value or a list written
// without its [] (or the other way round).
FieldId PackCompiler::field_parent(const ast::FieldPath& path) {
  schema::Schema& s = out_.schema;
  FieldId parent = kNoField;
  for (std::size_t i = 0; i + 1 < path.segments.size(); ++i) {
    const auto& segment = path.segments[i];
    const FieldType wanted = segment.list ? FieldType::kRecordList : FieldType::kObject;
    FieldId next = kNoField;
    for (const schema::Field& f : s.fields()) {
      if (f.parent == parent && f.name == segment.name) next = static_cast<FieldId>(&f - s.fields().data());
    }
    if (next == kNoField) {
      next = s.add(parent, segment.name, wanted);
    } else if (s.field(next).type != wanted) {
      const schema::Field& found = s.field(next);
      const std::string hint = found.type == FieldType::kRecordList
                                   ? fmt::format("{} is a list of records: write {}[]", found.path, found.path)
                               : found.type == FieldType::kObject
                                   ? fmt::format("{} is a group of values: write it without []", found.path)
                                   : fmt::format("{} is a value; it has no members", found.path);
      error(path.span, fmt::format("{} does not fit the fields declared before", path.text), hint);
      return kNoField;
    }
    parent = next;
  }
  return parent;
}

// A bound of a plausible range, in base units; nullopt (reported) when its
// unit does not fit the field.
std::optional<double> PackCompiler::bound_value(const ast::Literal& literal, const schema::Field& field) {
  if (literal.kind != ast::Literal::Kind::kNumber) {
    error(literal.span, "a plausible range is made of numbers", "e.g. plausible 0 a .. 130 a");
    return std::nullopt;
  }
  const bool has_unit = takes_unit(field.type) || field.type == FieldType::kTime;
  if (literal.unit.empty()) {
    if (!has_unit || field.dimension().dimensionless()) return literal.number;
    error(literal.span, fmt::format("{} needs a unit here, e.g. {} {}", literal.number, literal.number, field.unit.symbol));
    return std::nullopt;
  }
  const auto unit = units::find_unit(literal.unit);
  if (!unit) {
    error(literal.span, fmt::format("unknown unit '{}'", literal.unit));
    return std::nullopt;
  }
  if (!has_unit || unit->dimension != field.dimension()) {
    error(literal.span, fmt::format("{} is {}; {} is {}", literal.unit, units::describe(unit->dimension), field.path,
                                    has_unit ? units::describe(field.dimension()) : "a plain number"));
    return std::nullopt;
  }
  return literal.number * unit->factor;
}

std::optional<schema::Range> PackCompiler::range_of(const ast::Bounds& bounds, const schema::Field& field) {
  schema::Range range;
  range.min_exclusive = bounds.low_exclusive;
  if (bounds.low) {
    const auto low = bound_value(*bounds.low, field);
    if (!low) return std::nullopt;
    range.min = *low;
  }
  if (bounds.high) {
    const auto high = bound_value(*bounds.high, field);
    if (!high) return std::nullopt;
    range.max = *high;
  }
  if (range.min > range.max) {
    error(bounds.span, "the range is empty: its low end is above its high end");
    return std::nullopt;
  }
  return range;
}

void PackCompiler::declare_field(const ast::FieldDecl& decl) {
  const ast::FieldPath& path = decl.path;
  if (path.segments.back().list) {
    error(path.span, fmt::format("{} is declared by its members", path.text),
          fmt::format("declare what each entry holds: field {}.drug: drug", path.text));
    return;
  }
  if (decl.like) {
    declare_group_like(decl);
    return;
  }
  const std::optional<FieldType> declared_type = schema::field_type_of_word(decl.type.name);
  if (!declared_type) {
    error(decl.type.span, fmt::format("'{}' is not a type of request field", decl.type.name),
          fmt::format("use {}", kTypeList));
    return;
  }
  const FieldType type = *declared_type;
  const std::optional<units::Unit> unit = decl.unit.name.empty() ? std::nullopt : units::find_unit(decl.unit.name);
  if (takes_unit(type) && !unit) {
    error(decl.unit.name.empty() ? decl.type.span : decl.unit.span,
          decl.unit.name.empty() ? fmt::format("a {} needs its unit", decl.type.name)
                                 : fmt::format("unknown unit '{}'", decl.unit.name),
          fmt::format("e.g. {} mg", decl.type.name));
    return;
  }
  if (!takes_unit(type) && !decl.unit.name.empty()) {
    error(decl.unit.span, fmt::format("a {} has no unit", decl.type.name), "only quantity and lab take a unit");
    return;
  }
  if ((type == FieldType::kChoice) != !decl.choices.empty()) {
    error(decl.type.span, type == FieldType::kChoice ? "a choice lists its codes" : "only a choice lists codes",
          "field response.status: choice \"CR\", \"CRi\", \"none\"");
    return;
  }
  const FieldId parent = field_parent(path);
  if (parent == kNoField && path.segments.size() > 1) return;
  const std::string& name = path.segments.back().name;
  if (const FieldId existing = find_declared(parent, name); existing != kNoField) {
    const auto first = field_spans_.find(out_.schema.field(existing).path);
    error(path.span, fmt::format("{} is already declared{}", path.text,
                                 first == field_spans_.end() ? "" : fmt::format(" (line {})", first->second.line)),
          "declare a field once; to add codes to a choice, use extend");
    return;
  }
  if (out_.schema.fields().size() >= schema::Schema::kMaxFields) {
    error(path.span, fmt::format("a pack may declare at most {} request fields", schema::Schema::kMaxFields));
    return;
  }
  const FieldId id = out_.schema.add(parent, name, type);
  field_spans_.emplace(out_.schema.field(id).path, path.span);
  {
    schema::Field& f = out_.schema.edit(id);
    f.description = decl.description;
    if (unit) f.unit = *unit;
    for (const ast::Named& code : decl.choices) {
      if (check_name(code.name, code.span)) f.choices.push_back(code.name);
    }
  }
  std::optional<schema::Range> uln, lln;
  for (const ast::FieldClause& clause : decl.clauses) {
    const std::string& keyword = clause.keyword.name;
    const schema::Field& f = out_.schema.field(id);
    const bool lab_limit = keyword == "uln" || keyword == "lln";
    if (clause.bounds && (keyword == "plausible" || (lab_limit && type == FieldType::kLab))) {
      const auto range = range_of(*clause.bounds, f);
      if (!range) continue;
      if (keyword == "plausible") {
        out_.schema.edit(id).range = *range;
      } else if (keyword == "uln") {
        uln = range;
      } else {
        lln = range;
      }
    } else if (!clause.conversions.empty() && keyword == "convert" && takes_unit(type)) {
      for (const ast::Conversion& c : clause.conversions) declare_conversion(id, c);
    } else if (clause.after && keyword == "after" && type == FieldType::kTime) {
      pending_orders_.push_back({id, &*clause.after});
    } else {
      error(clause.keyword.span, fmt::format("'{}' is not a clause of a {} field", keyword, decl.type.name),
            fmt::format("use {}", kClauseList));
    }
  }
  if (type == FieldType::kLab) declare_lab_members(id, uln, lln);
}

// "field baseline_labs "...": like labs": a group with the members of another
// declared before it, each with its type, unit, ranges, codes and
// conversions, so that each analyte's plausible range is written once.
void PackCompiler::declare_group_like(const ast::FieldDecl& decl) {
  const FieldId source = out_.schema.find(declared_path(*decl.like));
  if (source == kNoField || out_.schema.field(source).type != FieldType::kObject) {
    error(decl.like->span, fmt::format("{} is not a group of values declared before", decl.like->text),
          "declare the group's members first, e.g. field labs.anc ...");
    return;
  }
  const FieldId parent = field_parent(decl.path);
  if (parent == kNoField && decl.path.segments.size() > 1) return;
  const std::string& name = decl.path.segments.back().name;
  if (find_declared(parent, name) != kNoField) {
    error(decl.path.span, fmt::format("{} is already declared", decl.path.text), "a group like another is declared whole");
    return;
  }
  const FieldId group = out_.schema.add(parent, name, FieldType::kObject);
  out_.schema.edit(group).description = decl.description;
  field_spans_.emplace(out_.schema.field(group).path, decl.path.span);
  copy_members(source, group, decl.path.span);
}

void PackCompiler::copy_members(FieldId from, FieldId to, syntax::Span span) {
  std::vector<FieldId> members;
  for (const schema::Field& f : out_.schema.fields()) {
    if (f.parent == from) members.push_back(static_cast<FieldId>(&f - out_.schema.fields().data()));
  }
  for (const FieldId member : members) {
    if (out_.schema.fields().size() >= schema::Schema::kMaxFields) {
      error(span, fmt::format("a pack may declare at most {} request fields", schema::Schema::kMaxFields));
      return;
    }
    const schema::Field original = out_.schema.field(member);
    const FieldId copy = out_.schema.add(to, original.name, original.type);
    schema::Field& f = out_.schema.edit(copy);
    f.unit = original.unit;
    f.range = original.range;
    f.choices = original.choices;
    f.conversions = original.conversions;
    f.description = original.description;
    field_spans_.emplace(f.path, span);
    copy_members(member, copy, span);
  }
}

// A lab's limits of normal and the time it was taken. Each limit's range
// is its own (a potassium lln of 0 would switch a check off), by default the
// lab's.
void PackCompiler::declare_lab_members(FieldId lab, const std::optional<schema::Range>& uln,
                                       const std::optional<schema::Range>& lln) {
  const schema::Field value = out_.schema.field(lab);
  for (const auto& [name, range] : {std::pair{"uln", uln}, std::pair{"lln", lln}}) {
    const FieldId limit = out_.schema.add(lab, name, FieldType::kQuantity);
    schema::Field& f = out_.schema.edit(limit);
    f.unit = value.unit;
    f.range = range.value_or(value.range);
    f.conversions = value.conversions;
    f.description = std::string(name == std::string_view("uln") ? "upper" : "lower") + " limit of normal";
  }
  const FieldId at = out_.schema.add(lab, "at", FieldType::kTime);
  out_.schema.edit(at).description = "when it was taken";
}

// "convert 1 mg/dL = 17.1 umol/L": the right-hand unit, of another
// dimension, is accepted for this field at the stated ratio.
void PackCompiler::declare_conversion(FieldId id, const ast::Conversion& c) {
  const schema::Field& f = out_.schema.field(id);
  const auto from = units::find_unit(c.from.unit);
  const auto to = units::find_unit(c.to.unit);
  if (!from || !to) {
    error(c.span, fmt::format("unknown unit '{}'", from ? c.to.unit : c.from.unit));
    return;
  }
  if (from->dimension != f.dimension()) {
    error(c.from.span, fmt::format("the left side is in the field's unit: {} is not {}", c.from.unit,
                                   units::describe(f.dimension())),
          fmt::format("write convert 1 {} = ... {}", f.unit.symbol, c.to.unit));
    return;
  }
  if (to->dimension == f.dimension()) {
    error(c.to.span, fmt::format("{} is already a unit of {}: it needs no conversion", c.to.unit, f.path));
    return;
  }
  if (c.from.number <= 0 || c.to.number <= 0) {
    error(c.span, "both sides of a conversion are positive amounts");
    return;
  }
  for (const schema::Conversion& existing : f.conversions) {
    if (existing.unit == to->symbol) {
      error(c.to.span, fmt::format("{} already has a conversion from {}", f.path, to->symbol));
      return;
    }
  }
  out_.schema.edit(id).conversions.push_back({to->symbol, c.from.number * from->factor / c.to.number});
}

void PackCompiler::extend_field(const ast::ExtendDecl& decl) {
  const FieldId id = out_.schema.find(declared_path(decl.path));
  if (id == kNoField || out_.schema.field(id).type != FieldType::kChoice) {
    error(decl.path.span,
          id == kNoField ? fmt::format("{} is not declared", decl.path.text)
                         : fmt::format("{} is not a choice: only a choice's codes can be extended", decl.path.text),
          "extend adds codes to a choice field of the base, e.g. extend history.toxicities[].type: \"crs\"");
    return;
  }
  for (const ast::Named& code : decl.codes) {
    if (!check_name(code.name, code.span)) continue;
    std::vector<std::string>& choices = out_.schema.edit(id).choices;
    const std::string key = SymbolTable::key(code.name);
    bool known = false;
    for (const std::string& existing : choices) known = known || SymbolTable::key(existing) == key;
    if (known) {
      error(code.span, fmt::format("'{}' is already a code of {}", code.name, decl.path.text));
      continue;
    }
    choices.push_back(code.name);
  }
}

// "history.toxicities[].type" as the schema spells it.
std::string PackCompiler::declared_path(const ast::FieldPath& path) {
  std::string out;
  for (const auto& segment : path.segments) {
    if (!out.empty()) out += '.';
    out += segment.name;
    if (segment.list) out += "[]";
  }
  return out;
}

FieldId PackCompiler::find_declared(FieldId parent, std::string_view name) const {
  const auto fields = out_.schema.fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].parent == parent && fields[i].name == name) return static_cast<FieldId>(i);
  }
  return kNoField;
}

// After every file's declarations: time orders resolved, slots assigned,
// and what the decoder's fixed-size structures can hold checked.
void PackCompiler::finish_fields() {
  for (const PendingOrder& order : pending_orders_) {
    const FieldId earlier = out_.schema.find(declared_path(*order.earlier));
    const schema::Field& later = out_.schema.field(order.later);
    if (earlier == kNoField || out_.schema.field(earlier).type != FieldType::kTime) {
      error(order.earlier->span, fmt::format("{} is not a time field", order.earlier->text),
                "after names another time of the request");
      continue;
    }
    if (out_.schema.field(earlier).parent != later.parent) {
      error(order.earlier->span, fmt::format("{} and {} are not in the same group or list entry", order.earlier->text,
                                             later.path));
      continue;
    }
    out_.schema.order(earlier, order.later);
  }
  out_.schema.finish();
  if (out_.schema.members(kNoField).size() > schema::Schema::kMaxMembers) {
    const schema::Field& last = out_.schema.fields().back();
    error(field_spans_.count(last.path) != 0 ? field_spans_.at(last.path) : syntax::Span{},
          fmt::format("the request has more than {} top-level members", schema::Schema::kMaxMembers),
          "group them into objects");
  }
  for (const schema::Field& f : out_.schema.fields()) {
    if (out_.schema.members(static_cast<FieldId>(&f - out_.schema.fields().data())).size() > schema::Schema::kMaxMembers) {
      error(field_spans_.count(f.path) != 0 ? field_spans_.at(f.path) : syntax::Span{},
            fmt::format("{} has more than {} members", f.path, schema::Schema::kMaxMembers),
            "group them into objects");
    }
  }
}

void PackCompiler::compile_derivation(const ast::DeriveDecl& decl) {
  const FieldId id = out_.schema.find(declared_path(decl.path));
  if (id == kNoField) {
    error(decl.path.span, fmt::format("{} is not declared", decl.path.text), "declare the field first");
    return;
  }
  const schema::Field& f = out_.schema.field(id);
  const bool in_list = f.parent != kNoField && out_.schema.field(f.parent).type == FieldType::kRecordList;
  if (in_list || f.is_list() || f.type == FieldType::kObject) {
    error(decl.path.span, fmt::format("{} cannot be derived: only a single value outside lists can", decl.path.text));
    return;
  }
  for (const Derivation& d : out_.derivations) {
    if (d.field == id) {
      error(decl.path.span, fmt::format("{} is already derived", decl.path.text));
      return;
    }
  }
  const NodeId value = expr(*decl.value);
  const Type& type = out_.node(value).type;
  const Type expected = type_of_field(id);
  if (type.is_error()) return;
  if (type.kind != expected.kind || type.dimension != expected.dimension) {
    error(decl.value->span, fmt::format("{} is {}; this is {}", decl.path.text, describe(expected), describe(type)));
    return;
  }
  if (!within_depth(value, decl.value->span, "the derived value")) return;
  Derivation derivation{id, value, decl.label, {}};
  collect_inputs(value, derivation.inputs);
  out_.derivations.push_back(std::move(derivation));
}

void PackCompiler::compile_recency(const ast::RecentDecl& decl) {
  const FieldId group = out_.schema.find(declared_path(decl.group));
  if (group == kNoField || out_.schema.field(group).type != FieldType::kObject) {
    error(decl.group.span, fmt::format("{} is not a declared group of values", decl.group.text),
          "name the object that holds the labs, e.g. recent labs within 3 d of as_of");
    return;
  }
  for (const Recency& r : out_.recencies) {
    if (r.group == group) {
      error(decl.group.span, fmt::format("{} already has a recency window", decl.group.text));
      return;
    }
  }
  Recency recency;
  recency.group = group;
  for (const schema::Member& m : out_.schema.members(group)) {
    if (out_.schema.field(m.id).type != FieldType::kLab) continue;
    const FieldId at = out_.schema.member(m.id, "at");
    if (at != kNoField) recency.labs.emplace_back(m.id, at);
  }
  if (recency.labs.empty()) {
    error(decl.group.span, fmt::format("{} holds no lab with a time (at)", decl.group.text));
    return;
  }
  recency.window = expr(*decl.window);
  recency.reference = expr(*decl.reference);
  const Type& window = out_.node(recency.window).type;
  const Type& reference = out_.node(recency.reference).type;
  bool ok = true;
  if (!window.is_error() && (window.kind != TypeKind::kNumber || window.dimension != units::dims::kTime)) {
    error(decl.window->span, fmt::format("the window is {}; it must be a duration, e.g. 3 d", describe(window)));
    ok = false;
  }
  if (!reference.is_error() && reference.kind != TypeKind::kTime) {
    error(decl.reference->span, fmt::format("the moment is {}; it must be a time, e.g. as_of", describe(reference)));
    ok = false;
  }
  ok = ok && !window.is_error() && !reference.is_error() && within_depth(recency.window, decl.window->span, "the window") &&
       within_depth(recency.reference, decl.reference->span, "the moment");
  if (ok) out_.recencies.push_back(std::move(recency));
}

// The request values a node reads, through its lets: a derived value's
// message names them ("computed from patient.height and patient.weight").
void PackCompiler::collect_inputs(NodeId node, std::vector<FieldId>& out) const {
  const Node& n = out_.node(node);
  if (n.op == Op::kFact && n.field != kNoField && std::find(out.begin(), out.end(), n.field) == out.end()) {
    out.push_back(n.field);
  }
  if (n.op == Op::kLet) collect_inputs(out_.lets[n.index].value, out);
  for (uint32_t i = 0; i < n.child_count; ++i) collect_inputs(out_.child(n, i), out);
}

}  // namespace rxr::compile
