// The report a pharmacist reads (`rxrules verify --format text`). It goes
// to terminals: every text from the request or the rule pack in it passes
// through text::printable.
#include <iterator>

#include <fmt/format.h>

#include "report/explain.h"
#include "report/format.h"
#include "report/message.h"
#include "report/response.h"
#include "text/printable.h"

namespace rxr::report {
namespace {

using text::printable;

void write_header(std::string_view id, bool has_id, std::string_view verdict, std::string_view ruleset,
                  std::string& out) {
  fmt::format_to(std::back_inserter(out), "Order {}: {}\n", has_id ? printable(id) : "(no id)", verdict);
  fmt::format_to(std::back_inserter(out), "Rules: {}\n", ruleset);
}

void write_problems(const std::vector<Problem>& problems, std::string& out) {
  for (const Problem& p : problems) {
    fmt::format_to(std::back_inserter(out), "\nPROBLEM {}: {}\n", printable(p.path), printable(p.message));
  }
}

void write_finding(const eval::Finding& f, const Verified& in, std::string& out) {
  fmt::format_to(std::back_inserter(out), "\n{:<5} {} [{}] {}\n", compile::severity_name(f.severity),
                 printable(f.rule->id), printable(f.rule->category), printable(f.rule->title));
  std::string text;
  render_finding_message(f, in.rules, in.facts, in.verification, in.scratch, text);
  fmt::format_to(std::back_inserter(out), "      {}\n", printable(text));
  if (!f.decided || f.missing != eval::kNothingMissing) {
    out += "      missing: ";
    append_missing_paths(in.scratch.missing(f.missing), in.rules.schema, out);
    out += '\n';
  }
  const compile::Message* template_used = eval::message_of(f);
  const std::size_t placeholders = template_used != nullptr ? template_used->value_count : 0;
  const auto values = in.verification.values(f, placeholders + f.rule->facts.size()).subspan(placeholders);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i].known) continue;
    const compile::ShownFact& fact = f.rule->facts[i];
    text.clear();
    append_value(values[i], in.rules.node(fact.value).type, in.rules, in.scratch, Style::kFact, text);
    fmt::format_to(std::back_inserter(out), "      {} = {}\n", printable(fact.label), printable(text));
  }
  fmt::format_to(std::back_inserter(out), "      source: {}\n", printable(f.rule->source));
}

}  // namespace

void write_text(const Verified& in, std::string& out) {
  const auto verdict = eval::verdict_of(in.verification, in.facts);
  write_header(in.facts.id, in.facts.has_id, eval::verdict_name(verdict),
               fmt::format("{} {} ({})", printable(in.rules.info.name), printable(in.rules.info.version),
                           in.rules.fingerprint),
               out);
  std::string text;
  for (const uint32_t index : in.facts.derived) {
    const compile::Derivation& d = in.rules.derivations[index];
    const schema::Field& field = in.rules.schema.field(d.field);
    text.clear();
    schema::append_derived_value(in.facts.scalar(field).number, field, text);
    fmt::format_to(std::back_inserter(out), "Computed {}: {} ({})\n", field.path, text, printable(d.label));
  }
  write_problems(in.facts.problems, out);
  for (const eval::Finding& f : in.verification.findings()) write_finding(f, in, out);
  if (in.verification.findings().empty() && in.facts.problems.empty()) out += "\nNo findings.\n";
  if (!in.verification.explanations.empty()) out += "\nWhy each rule fired or stayed quiet:\n";
  for (const eval::Explanation& e : in.verification.explanations) {
    fmt::format_to(std::back_inserter(out), "\n{} {}\n", printable(e.rule->id), truth_name(e.result));
    for_each_trace_line(in.rules, e, in.scratch,
                        [&](uint32_t depth, std::string_view expr, std::string_view value, std::string_view row) {
                          fmt::format_to(std::back_inserter(out), "  {:{}}{}  =>  {}\n", "", depth * 2, printable(expr),
                                         printable(value));
                          if (!row.empty()) {
                            fmt::format_to(std::back_inserter(out), "  {:{}}  by the row  {}\n", "", depth * 2,
                                           printable(row));
                          }
                        });
  }
}

void write_text(const Unrouted& in, std::string& out) {
  write_header(in.id, in.has_id, in.problems.empty() ? "warn" : "block",
               fmt::format("none ({})", in.catalogue_fingerprint), out);
  write_problems(in.problems, out);
  std::string message;
  render_unrouted_message(in.drug, message);
  fmt::format_to(std::back_inserter(out), "\nwarn  RXR-NO-PACK [eligibility] No rule pack for this drug\n      {}\n",
                 printable(message));
  if (in.drug.empty()) out += "      missing: order.drug\n";
}

}  // namespace rxr::report
