#include "report/prepared_json.h"

#include <memory>

#include "report/format.h"
#include "report/json_writer.h"
#include "report/message.h"
#include "report/response.h"

namespace rxr::report {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  append_escaped(text, out);
  out += '"';
  return out;
}

std::vector<PreparedPiece> prepared_pieces(const compile::Message& message, const compile::RuleSet& rules) {
  std::vector<PreparedPiece> pieces;
  pieces.reserve(message.pieces.size());
  for (const compile::Message::Piece& piece : message.pieces) {
    PreparedPiece& prepared = pieces.emplace_back();
    if (piece.lists_missing) continue;
    if (!piece.is_value) {
      append_escaped(piece.text, prepared.literal);
      continue;
    }
    const compile::Type& type = rules.node(piece.value).type;
    if (type.kind != compile::TypeKind::kNumber) continue;
    if (const std::optional<units::Unit> unit = fixed_unit(type, piece.unit, piece.unit_factor)) {
      prepared.factor = unit->factor;
      append_unit(unit->symbol, Style::kMessage, prepared.unit);
    }
  }
  return pieces;
}

PreparedFact prepared_fact(const compile::ShownFact& fact, const compile::RuleSet& rules) {
  PreparedFact prepared;
  prepared.key = ',' + quoted(fact.label) + ':';
  const compile::Type& type = rules.node(fact.value).type;
  if (type.kind == compile::TypeKind::kNumber) {
    if (type.dimension.dimensionless() && type.display.symbol.empty()) {
      prepared.form = PreparedFact::Form::kNumber;
    } else if (const std::optional<units::Unit> unit = fixed_unit(type)) {
      prepared.form = PreparedFact::Form::kQuantity;
      prepared.key += '"';
      prepared.factor = unit->factor;
      append_unit(unit->symbol, Style::kFact, prepared.unit);
      prepared.unit += '"';
    }
  }
  prepared.first_key = ",\"facts\":{" + prepared.key.substr(1);
  return prepared;
}

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(text, out);
  return out;
}

RuleJson rule_json(const compile::Rule& rule, const compile::RuleSet& rules) {
  RuleJson json;
  for (const compile::Severity severity : {compile::Severity::kInfo, compile::Severity::kWarn, compile::Severity::kBlock}) {
    json.head[static_cast<std::size_t>(severity)] = "{\"rule\":" + quoted(rule.id) + ",\"category\":" +
                                                    quoted(rule.category) + ",\"severity\":" +
                                                    quoted(compile::severity_name(severity)) + ",\"message\":\"";
  }
  json.source = "\",\"source\":" + quoted(rule.source);
  for (const compile::ShownFact& fact : rule.facts) json.facts.push_back(prepared_fact(fact, rules));
  json.message = prepared_pieces(rule.message, rules);
  json.missing_message = prepared_pieces(rule.missing_message, rules);
  std::string text;
  append_cannot_check(rule.title, text);
  json.cannot_check = escaped(text);
  text.clear();
  append_no_case(rule.title, text);
  json.no_case = escaped(text);
  return json;
}

PreparedJson::Derived derived_json(const compile::Derivation& d, const compile::RuleSet& rules) {
  PreparedJson::Derived json{quoted(rules.schema.field(d.field).path) + ":\"", " ("};
  append_escaped(d.label, json.label);
  json.label += ")\"";
  return json;
}

std::string ruleset_and_engine(const compile::RuleSet& rules) {
  std::string out;
  JsonWriter json(out);
  json.key("ruleset").begin_object();
  json.key("name").string(rules.info.name);
  json.key("version").string(rules.info.version);
  json.key("fingerprint").string(rules.fingerprint);
  json.end_object();
  json.key("engine").begin_object().key("name").string("rxrules").key("version").string(engine_version()).end_object();
  return out;
}

}  // namespace

void prepare_json(compile::RuleSet& rules) {
  auto json = std::make_shared<PreparedJson>();
  json->ruleset_and_engine = ruleset_and_engine(rules);
  json->rules.reserve(rules.rules.size());
  for (const compile::Rule& rule : rules.rules) json->rules.push_back(rule_json(rule, rules));
  for (const compile::Derivation& d : rules.derivations) json->derived.push_back(derived_json(d, rules));
  rules.json = std::move(json);
}

}  // namespace rxr::report
