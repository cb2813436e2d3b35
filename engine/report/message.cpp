#include "report/message.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "report/format.h"

namespace rxr::report {
namespace {

bool is_invalid(const eval::MissingItem& item, const schema::Schema& schema, const Facts& facts) {
  const schema::Field& f = schema.field(item.field);
  if (f.is_list()) return facts.list(f).presence == Presence::kInvalid;
  if (item.row >= 0) {
    const FactList& records = facts.list(schema.field(f.parent));
    return static_cast<uint32_t>(item.row) < records.count &&
           records.cell(static_cast<uint32_t>(item.row), f.slot).presence == Presence::kInvalid;
  }
  return facts.scalar(f).presence == Presence::kInvalid;
}

// "Cannot check "Title": a and b are missing."
void write_missing_message(const compile::Rule& rule, std::span<const eval::MissingItem> missing,
                           const schema::Schema& schema, const Facts& facts, std::string& out) {
  if (missing.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "Cannot check \"{}\": the order matches no case the rule knows; review it by hand.", rule.title);
    return;
  }
  const bool invalid = std::any_of(missing.begin(), missing.end(),
                                   [&](const eval::MissingItem& item) { return is_invalid(item, schema, facts); });
  fmt::format_to(std::back_inserter(out), "Cannot check \"{}\": ", rule.title);
  append_missing_paths(missing, schema, out);
  fmt::format_to(std::back_inserter(out), " {} {}.", missing.size() == 1 ? "is" : "are",
                 invalid ? "missing or invalid" : "missing");
}

}  // namespace

void render_message(const compile::Message& message, std::span<const eval::Value> values,
                    const compile::RuleSet& rules, const eval::Scratch& scratch, std::string& out) {
  std::size_t next = 0;
  for (const auto& piece : message.pieces) {
    if (!piece.is_value) {
      out += piece.text;
      continue;
    }
    const eval::Value& v = values[next++];
    if (!v.known) {
      out += "unknown";
      continue;
    }
    append_value(v, rules.node(piece.value).type, rules, scratch, Style::kMessage, out, piece.unit, piece.unit_factor);
  }
}

void render_finding_message(const eval::Finding& f, const compile::RuleSet& rules, const Facts& facts,
                            const eval::Verification& verification, const eval::Scratch& scratch, std::string& out) {
  out.clear();
  if (const compile::Message* message = eval::message_of(f)) {
    render_message(*message, verification.values(f, message->value_count), rules, scratch, out);
  } else {
    write_missing_message(*f.rule, scratch.missing(f.missing), rules.schema, facts, out);
  }
}

void render_unrouted_message(std::string_view drug, std::string& out) {
  if (drug.empty()) {
    out += "No rule pack covers an order without a drug name (order.drug): the order was not checked by rules.";
    return;
  }
  // A long name is cut on a character boundary: it is echoed, not judged.
  constexpr std::size_t kShownBytes = 64;
  std::size_t cut = std::min(drug.size(), kShownBytes);
  while (cut > 0 && cut < drug.size() && (static_cast<unsigned char>(drug[cut]) & 0xC0) == 0x80) --cut;
  fmt::format_to(std::back_inserter(out), "No rule pack covers '{}{}': the order was not checked by rules.",
                 drug.substr(0, cut), cut < drug.size() ? "..." : "");
}

void append_missing_path(const eval::MissingItem& item, const schema::Schema& schema, std::string& out) {
  const std::string_view path = schema.field(item.field).path;
  const std::size_t entry = item.row >= 0 ? path.find("[]") : std::string_view::npos;
  if (entry == std::string_view::npos) {
    out += path;
    return;
  }
  out += path.substr(0, entry + 1);
  fmt::format_to(std::back_inserter(out), "{}", item.row);
  out += path.substr(entry + 1);
}

void append_missing_paths(std::span<const eval::MissingItem> items, const schema::Schema& schema, std::string& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    append_missing_path(items[i], schema, out);
  }
}

}  // namespace rxr::report
