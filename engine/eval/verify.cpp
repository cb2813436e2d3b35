#include "eval/verify.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "eval/format.h"

namespace rxr::eval {

using compile::Severity;

namespace {

// The names a list value holds, in order.
template <typename Visit>
void each_name(const Value& v, const compile::RuleSet& rules, const Scratch& scratch, Visit&& visit) {
  const NameListRef& ref = v.names;
  for (uint32_t i = 0; i < ref.count; ++i) {
    switch (ref.source) {
      case NameListRef::Source::kFacts: visit(ref.facts->cell(i, 0).text); break;
      case NameListRef::Source::kConstants: visit(std::string_view(rules.constants[ref.first + i].text)); break;
      case NameListRef::Source::kCollected: visit(scratch.collected[ref.first + i]->text); break;
      case NameListRef::Source::kNone: break;
    }
  }
}

// "a, b, c"
void append_names(const Value& v, const compile::RuleSet& rules, const Scratch& scratch, std::string& out) {
  bool first = true;
  each_name(v, rules, scratch, [&](std::string_view name) {
    if (!first) out += ", ";
    out += name;
    first = false;
  });
}

// Views of the names: the request's document, the rule set and the facts
// they point into outlive the response written from them.
void assign_names(const Value& v, const compile::RuleSet& rules, const Scratch& scratch,
                  std::vector<std::string_view>& out) {
  out.clear();
  each_name(v, rules, scratch, [&](std::string_view name) { out.push_back(name); });
}

void render(const compile::Message& message, const compile::RuleSet& rules, Evaluator& evaluator,
            const Scratch& scratch, std::string& out) {
  out.clear();
  for (const auto& piece : message.pieces) {
    if (!piece.is_value) {
      out += piece.text;
      continue;
    }
    const Value v = evaluator.eval(piece.value);
    const compile::Type& type = rules.node(piece.value).type;
    if (!v.known) {
      out += "unknown";
    } else if (type.kind == compile::TypeKind::kNames) {
      append_names(v, rules, scratch, out);
    } else {
      append_value(v, type, rules, Style::kMessage, out, piece.unit, piece.unit_factor);
    }
  }
}

// "a, b and c are missing": the missing items of a finding, as paths.
void append_missing_paths(std::span<const MissingItem> missing, std::string& out) {
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (i > 0) out += ", ";
    append_missing_path(missing[i], out);
  }
}

bool is_invalid(const MissingItem& item, const Facts& facts) {
  const schema::Field& f = schema::field(item.field);
  const bool list = f.type == schema::FieldType::kRecordList || f.type == schema::FieldType::kCodeList;
  if (list) return facts.list(f).presence == Presence::kInvalid;
  if (item.row >= 0) {
    const FactList& records = facts.list(schema::field(f.parent));
    return static_cast<uint32_t>(item.row) < records.count &&
           records.cell(static_cast<uint32_t>(item.row), f.slot).presence == Presence::kInvalid;
  }
  return facts.scalar(f).presence == Presence::kInvalid;
}

void write_missing_message(const compile::Rule& rule, std::span<const MissingItem> missing, const Facts& facts,
                           std::string& out) {
  out.clear();
  if (missing.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "Cannot check \"{}\": the order matches no case the rule knows; review it by hand.", rule.title);
    return;
  }
  const bool invalid = std::any_of(missing.begin(), missing.end(),
                                   [&facts](const MissingItem& item) { return is_invalid(item, facts); });
  fmt::format_to(std::back_inserter(out), "Cannot check \"{}\": ", rule.title);
  append_missing_paths(missing, out);
  fmt::format_to(std::back_inserter(out), " {} {}.", missing.size() == 1 ? "is" : "are",
                 invalid ? "missing or invalid" : "missing");
}

// Fills `out` with the fact's value; false when the value is unknown.
bool show(const compile::ShownFact& fact, const compile::RuleSet& rules, Evaluator& evaluator,
          const Scratch& scratch, ShownValue& out) {
  const Value v = evaluator.eval(fact.value);
  const compile::Type& type = rules.node(fact.value).type;
  out.label = fact.label;
  out.kind = ShownValue::Kind::kString;
  out.text.clear();
  if (!v.known) return false;
  switch (type.kind) {
    case compile::TypeKind::kBool:
      out.kind = ShownValue::Kind::kBool;
      out.text = v.number != 0 ? "true" : "false";
      break;
    case compile::TypeKind::kNumber:
      if (type.dimension.dimensionless()) {
        out.kind = ShownValue::Kind::kNumber;
        append_number(v.number, Style::kFact, out.text);
        break;
      }
      append_value(v, type, rules, Style::kFact, out.text);
      break;
    case compile::TypeKind::kNames:
      out.kind = ShownValue::Kind::kNames;
      assign_names(v, rules, scratch, out.names);
      break;
    default:
      append_value(v, type, rules, Style::kFact, out.text);
      break;
  }
  return true;
}

}  // namespace

void append_missing_path(const MissingItem& item, std::string& out) {
  const std::string_view path = schema::field(item.field).path;
  const std::size_t entry = item.row >= 0 ? path.find("[]") : std::string_view::npos;
  if (entry == std::string_view::npos) {
    out += path;
    return;
  }
  out += path.substr(0, entry + 1);
  char digits[16];
  const auto written = fmt::format_to_n(digits, sizeof digits, "{}", item.row);
  out.append(digits, written.size);
  out += path.substr(entry + 1);
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kWarn: return "warn";
    case Verdict::kBlock: return "block";
  }
  return "block";
}

Finding& Verification::add() {
  if (count_ == findings_.size()) findings_.emplace_back();
  Finding& f = findings_[count_++];
  f.message.clear();
  f.shown = 0;
  f.missing.clear();
  return f;
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

std::string describe_value(const Value& v, const compile::Type& type, const compile::RuleSet& rules,
                           const Scratch& scratch) {
  std::string out;
  if (!v.known) {
    const std::span<const MissingItem> missing = scratch.missing(v.missing);
    if (missing.empty()) return "unknown";
    out += "unknown (missing ";
    append_missing_paths(missing, out);
    out += ')';
  } else if (type.kind == compile::TypeKind::kNames) {
    out += '[';
    append_names(v, rules, scratch, out);
    out += ']';
  } else {
    append_value(v, type, rules, Style::kFact, out);
  }
  return out;
}

void verify(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch, bool explain,
            Verification& out) {
  out.clear();
  scratch.reset(rules);
  for (const compile::Rule& rule : rules.rules) {
    std::vector<TraceEntry>* trace = nullptr;
    if (explain) {
      out.explanations.push_back({&rule, {}, {}});
      trace = &out.explanations.back().trace;
    }
    Evaluator traced(rules, facts, scratch, trace);
    const Value result = traced.eval(rule.condition);
    if (explain) out.explanations.back().result = result;
    if (result.is_false()) continue;

    Evaluator evaluator(rules, facts, scratch);
    Finding& finding = out.add();
    finding.rule = &rule;
    if (result.known) {
      finding.severity = rule.severity;
      render(rule.message, rules, evaluator, scratch, finding.message);
    } else {
      // Unknown is never fine: the rule reports what it would need, as a
      // warning (clinical/inotuzumab-ozogamicin.md: missing data is a warn).
      finding.severity = Severity::kWarn;
      const std::span<const MissingItem> missing = scratch.missing(result.missing);
      finding.missing.assign(missing.begin(), missing.end());
      if (rule.missing_message.pieces.empty()) {
        write_missing_message(rule, missing, facts, finding.message);
      } else {
        render(rule.missing_message, rules, evaluator, scratch, finding.message);
      }
    }
    for (const compile::ShownFact& fact : rule.facts) {
      if (finding.shown == finding.fact_slots.size()) finding.fact_slots.emplace_back();
      if (show(fact, rules, evaluator, scratch, finding.fact_slots[finding.shown])) ++finding.shown;
    }
  }
}

}  // namespace rxr::eval
