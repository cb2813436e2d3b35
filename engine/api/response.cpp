#include "api/response.h"

#include <array>
#include <iterator>

#include <fmt/format.h>

#include "api/json_writer.h"
#include "eval/format.h"
#include "text/printable.h"

namespace rxr::api {

namespace {

const char* truth_name(const eval::Value& v) {
  if (!v.known) return "unknown";
  return v.number != 0 ? "true" : "false";
}

void write_fact(JsonWriter& json, const eval::ShownValue& fact) {
  json.key(fact.label);
  switch (fact.kind) {
    case eval::ShownValue::Kind::kNumber:
    case eval::ShownValue::Kind::kBool: json.raw(fact.text); break;
    case eval::ShownValue::Kind::kString: json.string(fact.text); break;
    case eval::ShownValue::Kind::kNames:
      json.begin_array();
      for (const auto& name : fact.names) json.string(name);
      json.end_array();
      break;
  }
}

// One line per evaluated node: the expression as written and its value.
// Literals are left out (their value is their text); named constants stay.
template <typename Line>
void for_each_trace_line(const compile::RuleSet& rules, const eval::Explanation& e, const eval::Scratch& scratch,
                         Line&& line) {
  for (const eval::TraceEntry& entry : e.trace) {
    const compile::Node& node = rules.node(entry.node);
    if (node.op == compile::Op::kConstant && (node.flags & compile::kNamed) == 0) continue;
    line(entry.depth, node.source, eval::describe_value(entry.value, node.type, rules, scratch));
  }
}

// "1.84 m2 (Mosteller)" when the engine computed the BSA, else "". Written
// into `buffer`, so that responses are written without allocating.
using BsaBuffer = std::array<char, 64>;
std::string_view computed_bsa(const Facts& facts, BsaBuffer& buffer) {
  if (!facts.bsa_computed) return {};
  static const schema::Field& bsa_field = schema::field(schema::find_field("patient.bsa"));  // looked up once
  const double m2 = facts.scalar(bsa_field).number / 1e6;
  const auto written = fmt::format_to_n(buffer.data(), buffer.size(), "{:.2f} m2 (Mosteller)", m2);
  return {buffer.data(), std::min(written.size, buffer.size())};
}

// Where a missing path is spelled out: kept per thread, so that writing a
// response does not allocate once it has grown.
std::string& missing_path_buffer() {
  thread_local std::string buffer;
  return buffer;
}

}  // namespace

void write_response_json(const compile::RuleSet& rules, const Facts& facts,
                         const eval::Verification& verification, const eval::Scratch& scratch,
                         std::string& out) {
  JsonWriter json(out);
  json.begin_object();
  if (facts.has_id) json.key("id").string(facts.id);
  json.key("verdict").string(eval::verdict_name(eval::verdict_of(verification, facts)));
  json.key("ruleset").begin_object();
  json.key("name").string(rules.info.name);
  json.key("version").string(rules.info.version);
  json.key("fingerprint").string(rules.fingerprint);
  json.end_object();

  json.key("findings").begin_array();
  for (const eval::Finding& f : verification.findings()) {
    json.begin_object();
    json.key("rule").string(f.rule->id);
    json.key("category").string(f.rule->category);
    json.key("severity").string(compile::severity_name(f.severity));
    json.key("message").string(f.message);
    json.key("source").string(f.rule->source);
    if (!f.facts().empty()) {
      json.key("facts").begin_object();
      for (const auto& fact : f.facts()) write_fact(json, fact);
      json.end_object();
    }
    if (!f.missing.empty()) {
      json.key("missing").begin_array();
      std::string& path = missing_path_buffer();
      for (const eval::MissingItem& item : f.missing) {
        path.clear();
        eval::append_missing_path(item, path);
        json.string(path);
      }
      json.end_array();
    }
    json.end_object();
  }
  json.end_array();

  json.key("problems").begin_array();
  for (const Problem& p : facts.problems) {
    json.begin_object().key("path").string(p.path).key("message").string(p.message).end_object();
  }
  json.end_array();

  json.key("computed").begin_object();
  BsaBuffer buffer;
  if (const std::string_view bsa = computed_bsa(facts, buffer); !bsa.empty()) json.key("patient.bsa").string(bsa);
  json.end_object();

  if (!verification.explanations.empty()) {
    json.key("explain").begin_array();
    for (const eval::Explanation& e : verification.explanations) {
      json.begin_object().key("rule").string(e.rule->id).key("result").string(truth_name(e.result));
      json.key("trace").begin_array();
      for_each_trace_line(rules, e, scratch, [&](uint32_t depth, std::string_view expr, const std::string& value) {
        json.begin_object().key("depth").raw(std::to_string(depth)).key("expr").string(expr);
        json.key("value").string(value).end_object();
      });
      json.end_array().end_object();
    }
    json.end_array();
  }
  json.end_object();
}

// The report goes to terminals: every text from the request or the rule
// pack in it passes through text::printable.
void write_response_text(const compile::RuleSet& rules, const Facts& facts,
                         const eval::Verification& verification, const eval::Scratch& scratch,
                         std::string& out) {
  using text::printable;
  const auto verdict = eval::verdict_of(verification, facts);
  out += fmt::format("Order {}: {}\n", facts.has_id ? printable(facts.id) : "(no id)", eval::verdict_name(verdict));
  out += fmt::format("Rules: {} {} ({})\n", printable(rules.info.name), printable(rules.info.version),
                     rules.fingerprint);
  BsaBuffer buffer;
  if (const std::string_view bsa = computed_bsa(facts, buffer); !bsa.empty()) {
    fmt::format_to(std::back_inserter(out), "BSA: {}\n", bsa);
  }
  for (const Problem& p : facts.problems) {
    out += fmt::format("\nPROBLEM {}: {}\n", printable(p.path), printable(p.message));
  }
  for (const eval::Finding& f : verification.findings()) {
    out += fmt::format("\n{:<5} {} [{}] {}\n", compile::severity_name(f.severity), printable(f.rule->id),
                       printable(f.rule->category), printable(f.rule->title));
    out += fmt::format("      {}\n", printable(f.message));
    if (!f.missing.empty()) {
      out += "      missing: ";
      for (std::size_t i = 0; i < f.missing.size(); ++i) {
        if (i > 0) out += ", ";
        eval::append_missing_path(f.missing[i], out);
      }
      out += '\n';
    }
    for (const auto& fact : f.facts()) {
      std::string value;
      if (fact.kind == eval::ShownValue::Kind::kNames) {
        for (std::size_t i = 0; i < fact.names.size(); ++i) {
          if (i > 0) value += ", ";
          text::append_printable(fact.names[i], value);
        }
      } else {
        text::append_printable(fact.text, value);
      }
      out += fmt::format("      {} = {}\n", printable(fact.label), value);
    }
    out += fmt::format("      source: {}\n", printable(f.rule->source));
  }
  if (verification.findings().empty() && facts.problems.empty()) out += "\nNo findings.\n";
  if (!verification.explanations.empty()) out += "\nWhy each rule fired or stayed quiet:\n";
  for (const eval::Explanation& e : verification.explanations) {
    out += fmt::format("\n{} {}\n", printable(e.rule->id), truth_name(e.result));
    for_each_trace_line(rules, e, scratch, [&](uint32_t depth, std::string_view expr, const std::string& value) {
      out += fmt::format("  {:{}}{}  =>  {}\n", "", depth * 2, printable(expr), printable(value));
    });
  }
}

}  // namespace rxr::api
