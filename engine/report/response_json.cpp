// The JSON response of request-response.md.
#include <rxrules_version.h>

#include "report/explain.h"
#include "report/format.h"
#include "report/json_writer.h"
#include "report/message.h"
#include "report/prepared_json.h"
#include "report/response.h"

namespace rxr::report {
namespace {

// Working text kept per thread, so that writing a response does not
// allocate once it has grown.
struct Buffers {
  std::string message;
  std::string value;
};
Buffers& buffers() {
  thread_local Buffers b;
  return b;
}

void write_time(JsonWriter& json, double epoch_seconds) {
  std::string& text = buffers().value;
  text.clear();
  append_time(epoch_seconds, text);
  json.string(text);
}

void write_engine(JsonWriter& json) {
  json.key("engine").begin_object().key("name").string("rxrules").key("version").string(engine_version()).end_object();
}

// A shown fact: numbers and booleans bare, lists of names as arrays, the
// rest (quantities with their unit, times, names) as strings.
void append_fact(const PreparedFact& prepared, const compile::ShownFact& fact, const eval::Value& v,
                 const Verified& in, std::string& out) {
  switch (prepared.form) {
    case PreparedFact::Form::kNumber: append_number(v.number, Style::kFact, out); return;
    case PreparedFact::Form::kQuantity:
      append_number(v.number / prepared.factor, Style::kFact, out);
      out += prepared.unit;
      return;
    case PreparedFact::Form::kValue: break;
  }
  const compile::Type& type = in.rules.node(fact.value).type;
  switch (type.kind) {
    case compile::TypeKind::kBool: out += v.number != 0 ? "true" : "false"; return;
    case compile::TypeKind::kNames: {
      out += '[';
      bool first = true;
      for_each_name(v, in.rules, in.scratch, [&](std::string_view name) {
        if (!first) out += ',';
        first = false;
        out += '"';
        append_escaped(name, out);
        out += '"';
      });
      out += ']';
      return;
    }
    default: break;
  }
  out += '"';
  const std::size_t from = out.size();
  append_value(v, type, in.rules, in.scratch, Style::kFact, out);
  if (shows_outside_text(type.kind)) escape_from(from, out);
  out += '"';
}

// A finding, written straight into the response: its constant parts come
// prepared from the pack (prepared_json.h).
void append_finding(const eval::Finding& f, const Verified& in, std::string& out) {
  const RuleJson& prepared = json_of(in.rules, *f.rule);
  out += prepared.head[static_cast<std::size_t>(f.severity)];
  append_finding_message_json(f, prepared, in.rules, in.facts, in.verification, in.scratch, out);
  out += prepared.source;
  // A fact is shown when its value is known.
  const compile::Message* template_used = eval::message_of(f);
  const std::size_t placeholders = template_used != nullptr ? template_used->value_count : 0;
  const auto values = in.verification.values(f, placeholders + f.rule->facts.size()).subspan(placeholders);
  bool any_fact = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i].known) continue;
    const PreparedFact& fact = prepared.facts[i];
    out += any_fact ? fact.key : fact.first_key;
    any_fact = true;
    append_fact(fact, f.rule->facts[i], values[i], in, out);
  }
  if (any_fact) out += '}';
  if (!f.decided || f.missing != eval::kNothingMissing) {
    out += R"(,"missing":[)";
    bool first = true;
    for (const eval::MissingItem& item : in.scratch.missing(f.missing)) {
      if (!first) out += ',';
      first = false;
      out += '"';
      const std::size_t from = out.size();
      append_missing_path(item, in.rules.schema, out);
      escape_from(from, out);
      out += '"';
    }
    out += ']';
  }
  out += '}';
}

void write_problems(JsonWriter& json, const std::vector<Problem>& problems) {
  json.key("problems").begin_array();
  for (const Problem& p : problems) {
    json.begin_object().key("path").string(p.path).key("message").string(p.message).end_object();
  }
  json.end_array();
}

void write_explanations(JsonWriter& json, const Verified& in) {
  json.key("explain").begin_array();
  for (const eval::Explanation& e : in.verification.explanations) {
    json.begin_object().key("rule").string(e.rule->id).key("result").string(truth_name(e.result));
    json.key("trace").begin_array();
    for_each_trace_line(in.rules, e, in.scratch,
                        [&](uint32_t depth, std::string_view expr, std::string_view value, std::string_view row) {
                          json.begin_object().key("depth").raw(std::to_string(depth)).key("expr").string(expr);
                          json.key("value").string(value);
                          if (!row.empty()) json.key("row").string(row);
                          json.end_object();
                        });
    json.end_array().end_object();
  }
  json.end_array();
}

}  // namespace

std::string_view engine_version() { return RXR_ENGINE_VERSION; }

void write_json(const Verified& in, std::string& out) {
  out += '{';
  if (in.facts.has_id) {
    out += R"("id":")";
    append_escaped(in.facts.id, out);
    out += R"(",)";
  }
  out += R"("as_of":")";
  append_time(in.facts.as_of, out);
  out += R"(","verdict":")";
  out += eval::verdict_name(eval::verdict_of(in.verification, in.facts));
  out += R"(",)";
  out += in.rules.json->ruleset_and_engine;

  out += R"(,"findings":[)";
  bool first = true;
  for (const eval::Finding& f : in.verification.findings()) {
    if (!first) out += ',';
    first = false;
    append_finding(f, in, out);
  }
  out += "],";
  JsonWriter json(out);  // problems and explanations are rare: written member by member
  write_problems(json, in.facts.problems);

  out += R"(,"computed":{)";
  first = true;
  for (const uint32_t index : in.facts.derived) {
    if (!first) out += ',';
    first = false;
    const schema::Field& field = in.rules.schema.field(in.rules.derivations[index].field);
    const PreparedJson::Derived& prepared = in.rules.json->derived[index];
    out += prepared.key;
    schema::append_derived_value(in.facts.scalar(field).number, field, out);  // digits and a unit symbol
    out += prepared.label;
  }
  out += '}';

  if (!in.verification.explanations.empty()) write_explanations(json, in);
  out += '}';
}

void write_json(const Unrouted& in, std::string& out) {
  JsonWriter json(out);
  json.begin_object();
  if (in.has_id) json.key("id").string(in.id);
  json.key("as_of");
  write_time(json, in.as_of);
  json.key("verdict").string(in.problems.empty() ? "warn" : "block");
  json.key("ruleset").begin_object().key("name").string("none").key("version").string("");
  json.key("fingerprint").string(in.catalogue_fingerprint).end_object();
  write_engine(json);
  json.key("findings").begin_array().begin_object();
  json.key("rule").string("RXR-NO-PACK").key("category").string("eligibility").key("severity").string("warn");
  std::string& message = buffers().message;
  message.clear();
  render_unrouted_message(in.drug, message);
  json.key("message").string(message);
  if (in.drug.empty()) json.key("missing").begin_array().string("order.drug").end_array();
  json.end_object().end_array();
  write_problems(json, in.problems);
  json.key("computed").begin_object().end_object();
  json.end_object();
}

}  // namespace rxr::report
