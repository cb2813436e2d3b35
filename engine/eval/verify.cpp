#include "eval/verify.h"

#include <fmt/format.h>

#include "eval/format.h"

namespace rxr::eval {

using compile::Severity;

namespace {

std::vector<std::string> names_of(const Value& v, const compile::RuleSet& rules, const Scratch& scratch) {
  std::vector<std::string> out;
  const NameListRef& ref = v.names;
  for (uint32_t i = 0; i < ref.count; ++i) {
    switch (ref.source) {
      case NameListRef::Source::kFacts: out.emplace_back(ref.facts->cell(i, 0).text); break;
      case NameListRef::Source::kConstants: out.push_back(rules.constants[ref.first + i].text); break;
      case NameListRef::Source::kCollected: out.emplace_back(scratch.collected[ref.first + i]->text); break;
      case NameListRef::Source::kNone: break;
    }
  }
  return out;
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
      out += fmt::format("{}", fmt::join(names_of(v, rules, scratch), ", "));
    } else {
      out += format_value(v, type, rules, Style::kMessage, piece.unit, piece.unit_factor);
    }
  }
}

void missing_paths(const MissingSet& missing, std::vector<std::string_view>& out) {
  out.clear();
  const auto fields = schema::fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (missing.test(i)) out.push_back(fields[i].path);
  }
}

std::string default_missing_message(const compile::Rule& rule, const std::vector<std::string_view>& missing,
                                    const Facts& facts) {
  if (missing.empty()) {
    return fmt::format("Cannot check \"{}\": the order matches no case the rule knows; review it by hand.",
                       rule.title);
  }
  bool invalid = false;
  for (std::string_view path : missing) {
    const schema::FieldId id = schema::find_field(path);
    const schema::Field& f = schema::field(id);
    const bool list = f.type == schema::FieldType::kRecordList || f.type == schema::FieldType::kCodeList;
    if (f.parent == schema::kNoField || schema::field(f.parent).type != schema::FieldType::kRecordList) {
      invalid = invalid || (list ? facts.list(f).presence : facts.scalar(f).presence) == Presence::kInvalid;
    }
  }
  return fmt::format("Cannot check \"{}\": {} {} {}.", rule.title, fmt::join(missing, ", "),
                     missing.size() == 1 ? "is" : "are", invalid ? "missing or invalid" : "missing");
}

// Fills `out` with the fact's value; false when the value is unknown.
bool show(const compile::ShownFact& fact, const compile::RuleSet& rules, Evaluator& evaluator,
          const Scratch& scratch, ShownValue& out) {
  const Value v = evaluator.eval(fact.value);
  const compile::Type& type = rules.node(fact.value).type;
  out.label = fact.label;
  out.kind = ShownValue::Kind::kString;
  out.names.clear();
  if (!v.known) return false;
  switch (type.kind) {
    case compile::TypeKind::kBool:
      out.kind = ShownValue::Kind::kBool;
      out.text = v.number != 0 ? "true" : "false";
      break;
    case compile::TypeKind::kNumber:
      if (type.dimension.dimensionless()) {
        out.kind = ShownValue::Kind::kNumber;
        out.text = format_number(v.number, Style::kFact);
        break;
      }
      out.text = format_value(v, type, rules, Style::kFact);
      break;
    case compile::TypeKind::kNames:
      out.kind = ShownValue::Kind::kNames;
      out.names = names_of(v, rules, scratch);
      break;
    default:
      out.text = format_value(v, type, rules, Style::kFact);
      break;
  }
  return true;
}

}  // namespace

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
  f.facts.clear();
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
  if (!v.known) {
    std::vector<std::string_view> missing;
    missing_paths(scratch.missing(v.missing), missing);
    if (missing.empty()) return "unknown";
    return fmt::format("unknown (missing {})", fmt::join(missing, ", "));
  }
  if (type.kind == compile::TypeKind::kNames) {
    return fmt::format("[{}]", fmt::join(names_of(v, rules, scratch), ", "));
  }
  return format_value(v, type, rules, Style::kFact);
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
      missing_paths(scratch.missing(result.missing), finding.missing);
      if (rule.missing_message.pieces.empty()) {
        finding.message = default_missing_message(rule, finding.missing, facts);
      } else {
        render(rule.missing_message, rules, evaluator, scratch, finding.message);
      }
    }
    for (const compile::ShownFact& fact : rule.facts) {
      ShownValue& shown = finding.facts.emplace_back();
      if (!show(fact, rules, evaluator, scratch, shown)) finding.facts.pop_back();
    }
  }
}

}  // namespace rxr::eval
