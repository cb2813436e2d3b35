#include "report/prepared_json.h"

#include <memory>

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

std::vector<std::string> escaped_literals(const compile::Message& message) {
  std::vector<std::string> pieces;
  pieces.reserve(message.pieces.size());
  for (const compile::Message::Piece& piece : message.pieces) {
    pieces.emplace_back();
    if (!piece.is_value && !piece.lists_missing) append_escaped(piece.text, pieces.back());
  }
  return pieces;
}

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(text, out);
  return out;
}

RuleJson rule_json(const compile::Rule& rule) {
  RuleJson json;
  for (const compile::Severity severity : {compile::Severity::kInfo, compile::Severity::kWarn, compile::Severity::kBlock}) {
    json.head[static_cast<std::size_t>(severity)] = "{\"rule\":" + quoted(rule.id) + ",\"category\":" +
                                                    quoted(rule.category) + ",\"severity\":" +
                                                    quoted(compile::severity_name(severity)) + ",\"message\":\"";
  }
  json.source = "\",\"source\":" + quoted(rule.source);
  for (const compile::ShownFact& fact : rule.facts) {
    json.fact_key.push_back(',' + quoted(fact.label) + ':');
    json.first_fact_key.push_back(",\"facts\":{" + json.fact_key.back().substr(1));
  }
  json.message = escaped_literals(rule.message);
  json.missing_message = escaped_literals(rule.missing_message);
  std::string text;
  append_cannot_check(rule.title, text);
  json.cannot_check = escaped(text);
  text.clear();
  append_no_case(rule.title, text);
  json.no_case = escaped(text);
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
  for (const compile::Rule& rule : rules.rules) json->rules.push_back(rule_json(rule));
  rules.json = std::move(json);
}

}  // namespace rxr::report
