#include "report/message.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "report/format.h"
#include "report/json_writer.h"

namespace rxr::report {
namespace {

Presence recorded_presence(const eval::MissingItem& item, const schema::Schema& schema, const Facts& facts) {
  const schema::Field& f = schema.field(item.field);
  if (f.is_list()) return facts.list(f).presence;
  if (item.row >= 0) {
    const FactList& records = facts.list(schema.field(f.parent));
    return static_cast<uint32_t>(item.row) < records.count
               ? records.cell(static_cast<uint32_t>(item.row), f.slot).presence
               : Presence::kAbsent;
  }
  return facts.scalar(f).presence;
}

// How a missing item is missing; an item whose value is there after all
// (which evaluation never gives) is shown as missing rather than dropped.
Presence presence_of(const eval::MissingItem& item, const schema::Schema& schema, const Facts& facts) {
  const Presence p = recorded_presence(item, schema, facts);
  return p == Presence::kPresent ? Presence::kAbsent : p;
}

// "a and b are missing"
void append_group(std::span<const eval::MissingItem> items, Presence wanted, std::string_view verb,
                  const schema::Schema& schema, const Facts& facts, std::size_t start, std::string& out) {
  std::size_t count = 0;
  for (const eval::MissingItem& item : items) count += presence_of(item, schema, facts) == wanted ? 1 : 0;
  if (count == 0) return;
  if (out.size() > start) out += "; ";
  std::size_t written = 0;
  for (const eval::MissingItem& item : items) {
    if (presence_of(item, schema, facts) != wanted) continue;
    if (written > 0) out += written + 1 == count ? " and " : ", ";
    append_missing_path(item, schema, out);
    ++written;
  }
  out += count == 1 ? " is " : " are ";
  out += verb;
}

compile::Type duration_type() {
  compile::Type t;
  t.kind = compile::TypeKind::kNumber;
  t.dimension = units::dims::kTime;
  return t;
}

// "labs.anc is older than 3 d (taken 4.5 d before)"
void append_stale(std::span<const eval::MissingItem> items, const schema::Schema& schema, const Facts& facts,
                  std::size_t start, std::string& out) {
  for (const eval::MissingItem& item : items) {
    const StaleValue* stale = presence_of(item, schema, facts) == Presence::kStale ? facts.stale_value(item.field) : nullptr;
    if (stale == nullptr) continue;
    if (out.size() > start) out += "; ";
    append_missing_path(item, schema, out);
    out += " is older than ";
    append_quantity(stale->window, duration_type(), Style::kMessage, out);
    // The age to a tenth of an hour, or of a day from a week on: "taken 73 h before", "taken 59.4 d before".
    constexpr double kHour = 3600, kDay = 24 * kHour;
    const bool days = stale->age >= 7 * kDay;
    out += " (taken ";
    append_tenths(stale->age / (days ? kDay : kHour), out);
    out += days ? " d before)" : " h before)";
  }
}

// "Cannot check "Title": a and b are missing."
void write_missing_message(const compile::Rule& rule, std::span<const eval::MissingItem> missing,
                           const schema::Schema& schema, const Facts& facts, std::string& out) {
  if (missing.empty()) {
    append_no_case(rule.title, out);
    return;
  }
  append_cannot_check(rule.title, out);
  append_missing_reasons(missing, schema, facts, out);
  out += '.';
}

// A template filled in. With `prepared` (its pieces ready, by piece), as
// the inside of a JSON string: the values are escaped as they are written.
void append_message(const compile::Message& message, const PreparedPiece* prepared,
                    std::span<const eval::Value> values, std::span<const eval::MissingItem> missing,
                    const compile::RuleSet& rules, const Facts& facts, const eval::Scratch& scratch,
                    std::string& out) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < message.pieces.size(); ++i) {
    const compile::Message::Piece& piece = message.pieces[i];
    if (!piece.is_value && !piece.lists_missing) {
      out += prepared != nullptr ? prepared[i].literal : piece.text;
      continue;
    }
    const std::size_t from = out.size();
    if (piece.lists_missing) {
      append_missing_reasons(missing, rules.schema, facts, out);
      if (prepared != nullptr) escape_from(from, out);
      continue;
    }
    const eval::Value& v = values[next++];
    if (!v.known) {
      out += "unknown";
      continue;
    }
    if (prepared != nullptr && prepared[i].factor != 0) {
      append_number(v.number / prepared[i].factor, Style::kMessage, out);
      out += prepared[i].unit;
      continue;
    }
    const compile::Type& type = rules.node(piece.value).type;
    append_value(v, type, rules, scratch, Style::kMessage, out, piece.unit, piece.unit_factor);
    if (prepared != nullptr && shows_outside_text(type.kind)) escape_from(from, out);
  }
}

}  // namespace

void append_cannot_check(std::string_view title, std::string& out) {
  out += "Cannot check \"";
  out += title;
  out += "\": ";
}

void append_no_case(std::string_view title, std::string& out) {
  append_cannot_check(title, out);
  out += "the order matches no case the rule knows; review it by hand.";
}

void render_finding_message(const eval::Finding& f, const compile::RuleSet& rules, const Facts& facts,
                            const eval::Verification& verification, const eval::Scratch& scratch, std::string& out) {
  out.clear();
  if (const compile::Message* message = eval::message_of(f)) {
    append_message(*message, nullptr, verification.values(f, message->value_count), scratch.missing(f.missing), rules,
                   facts, scratch, out);
  } else {
    write_missing_message(*f.rule, scratch.missing(f.missing), rules.schema, facts, out);
  }
}

void append_finding_message_json(const eval::Finding& f, const RuleJson& prepared, const compile::RuleSet& rules,
                                 const Facts& facts, const eval::Verification& verification,
                                 const eval::Scratch& scratch, std::string& out) {
  const std::span<const eval::MissingItem> missing = scratch.missing(f.missing);
  if (const compile::Message* message = eval::message_of(f)) {
    const PreparedPiece* pieces = f.decided ? prepared.message.data() : prepared.missing_message.data();
    append_message(*message, pieces, verification.values(f, message->value_count), missing, rules, facts, scratch,
                   out);
    return;
  }
  if (missing.empty()) {
    out += prepared.no_case;
    return;
  }
  out += prepared.cannot_check;
  const std::size_t from = out.size();
  append_missing_reasons(missing, rules.schema, facts, out);
  escape_from(from, out);
  out += '.';
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
  append_count(static_cast<uint64_t>(item.row), out);
  out += path.substr(entry + 1);
}

void append_missing_reasons(std::span<const eval::MissingItem> items, const schema::Schema& schema, const Facts& facts,
                            std::string& out) {
  // Clauses are joined by "; ".
  const std::size_t start = out.size();
  append_group(items, Presence::kAbsent, "missing", schema, facts, start, out);
  append_group(items, Presence::kInvalid, "invalid", schema, facts, start, out);
  append_stale(items, schema, facts, start, out);
  if (out.size() == start) out += "nothing";  // {missing} of a finding that lacks nothing
}

void append_missing_paths(std::span<const eval::MissingItem> items, const schema::Schema& schema, std::string& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    append_missing_path(items[i], schema, out);
  }
}

}  // namespace rxr::report
