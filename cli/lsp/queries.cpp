#include "cli/lsp/queries.h"

#include <cctype>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "cli/lsp/positions.h"
#include "cli/lsp/uri.h"
#include "schema/schema.h"
#include "text/utf8.h"
#include "units/dimension.h"

namespace rxr::cli::lsp {

namespace {

using schema::FieldId;
using schema::FieldType;
using schema::kNoField;
using json = nlohmann::json;

// CompletionItemKind values of the protocol.
enum CompletionKind { kFunction = 3, kField = 5, kVariable = 6, kModule = 9, kEnum = 13, kConstant = 21 };

// Nested aggregates bind variables over variables; deeper than this is not followed.
constexpr int kMaxLoopNesting = 8;
// Items of a list shown in its hover.
constexpr std::size_t kShownListItems = 8;

bool is_name_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// The cursor in the rule language's terms: 1-based line, 1-based column in characters.
struct Cursor {
  uint32_t line = 1;
  uint32_t column = 1;
};

bool at_or_before(const syntax::Span& span, const Cursor& cursor) {
  return span.line < cursor.line || (span.line == cursor.line && span.column <= cursor.column);
}

// A dotted path as written around the cursor: "labs.anc".
struct WrittenPath {
  std::vector<std::string> segments;
  std::size_t first_byte = 0;  // in the line
  std::size_t end_byte = 0;
};

// The path ending at the cursor's name ("labs" when the cursor is on labs
// in labs.anc), or, with `up_to_cursor`, the text typed before the cursor
// ("labs.an"; a trailing dot gives an empty last segment).
std::optional<WrittenPath> path_at(std::string_view line, std::size_t byte, bool up_to_cursor) {
  std::size_t first = byte;
  while (first > 0 && (is_name_character(line[first - 1]) || line[first - 1] == '.')) --first;
  std::size_t end = byte;
  if (!up_to_cursor) {
    while (end < line.size() && is_name_character(line[end])) ++end;
  }
  while (first < end && line[first] == '.') ++first;
  if (first == end && !up_to_cursor) return std::nullopt;
  WrittenPath out{{}, first, end};
  std::string_view written = line.substr(first, end - first);
  for (;;) {
    const std::size_t dot = written.find('.');
    out.segments.emplace_back(written.substr(0, dot));
    if (dot == std::string_view::npos) break;
    written.remove_prefix(dot + 1);
  }
  for (std::size_t i = 0; i < out.segments.size(); ++i) {
    const std::string& segment = out.segments[i];
    const bool last = i + 1 == out.segments.size();
    if (segment.empty() && !(up_to_cursor && last)) return std::nullopt;
    if (!segment.empty() && std::isdigit(static_cast<unsigned char>(segment.front())) != 0) return std::nullopt;
  }
  return out;
}

void each_expr(const ast::Expr& e, const std::function<void(const ast::Expr&)>& visit) {
  visit(e);
  for (const ast::ExprPtr& operand : e.operands) each_expr(*operand, visit);
  if (e.where) each_expr(*e.where, visit);
  if (e.select) each_expr(*e.select, visit);
}

void each_expr(const ast::File& file, const std::function<void(const ast::Expr&)>& visit) {
  auto walk = [&](const ast::ExprPtr& e) {
    if (e) each_expr(*e, visit);
  };
  auto walk_template = [&](const std::optional<ast::Template>& t) {
    if (!t) return;
    for (const ast::Template::Piece& piece : t->pieces) walk(piece.value);
  };
  for (const ast::ConstDecl& c : file.consts) walk(c.value);
  for (const ast::LetDecl& l : file.lets) walk(l.value);
  for (const ast::TableDecl& t : file.tables) {
    for (const ast::TableRow& row : t.rows) walk(row.result);
  }
  for (const ast::RuleDecl& rule : file.rules) {
    for (const ast::LetDecl& l : rule.lets) walk(l.value);
    walk(rule.when);
    walk_template(rule.message);
    walk_template(rule.missing_message);
  }
  for (const ast::DeriveDecl& d : file.derives) walk(d.value);
  for (const ast::RecentDecl& r : file.recents) {
    walk(r.window);
    walk(r.reference);
  }
}

// Resolves written request paths, loop variables included, in the pack's schema.
class Resolver {
 public:
  Resolver(const schema::Schema& schema, const ParsedFile* file) : schema_(schema), file_(file) {}

  // The field `segments` name at `cursor`: a top-level path, or a member of
  // the list entry an aggregate's variable stands for ("m.drug" in
  // any(m in medications ...)).
  FieldId field(const std::vector<std::string>& segments, const Cursor& cursor, int nesting = 0) const {
    if (segments.empty()) return kNoField;
    FieldId at = loop_list(segments.front(), cursor, nesting);
    if (at == kNoField) at = schema_.member(kNoField, segments.front());
    for (std::size_t i = 1; i < segments.size() && at != kNoField; ++i) at = schema_.member(at, segments[i]);
    return at;
  }

  // The list the innermost aggregate binding `variable` before the cursor goes over.
  FieldId loop_list(const std::string& variable, const Cursor& cursor, int nesting) const {
    if (file_ == nullptr || nesting >= kMaxLoopNesting) return kNoField;
    const ast::Expr* binding = nullptr;
    each_expr(file_->ast, [&](const ast::Expr& e) {
      if (e.kind != ast::ExprKind::kAggregate || e.variable != variable || e.operands.empty()) return;
      if (!at_or_before(e.span, cursor)) return;
      if (binding == nullptr || at_or_before(binding->span, {e.span.line, e.span.column})) binding = &e;
    });
    if (binding == nullptr || binding->operands.front()->kind != ast::ExprKind::kPath) return kNoField;
    const ast::Expr& list = *binding->operands.front();
    return field(list.path, {list.span.line, list.span.column}, nesting + 1);
  }

 private:
  const schema::Schema& schema_;
  const ParsedFile* file_;
};

std::string type_and_unit(const schema::Field& f) {
  std::string out(schema::field_type_word(f.type));
  if (f.type == FieldType::kQuantity || f.type == FieldType::kLab) {
    out += fmt::format(" in {}; dimension {}", f.unit.symbol, units::describe(f.dimension()));
  }
  return out;
}

std::string member_names(const schema::Schema& s, FieldId id) {
  std::string out;
  for (const schema::Member& m : s.members(id)) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

std::string field_hover(const schema::Schema& s, FieldId id) {
  const schema::Field& f = s.field(id);
  std::string out = fmt::format("**{}**: {}", f.path, type_and_unit(f));
  if (!f.description.empty()) out += "\n\n" + f.description;
  if (f.range.min != -schema::kUnbounded || f.range.max != schema::kUnbounded) {
    out += "\n\nplausible: " + schema::describe_range(f.range, f.unit.factor, f.unit.symbol);
  }
  if (!f.choices.empty()) {
    std::string codes;
    for (const std::string& c : f.choices) codes += (codes.empty() ? "" : ", ") + c;
    out += "\n\none of: " + codes;
  }
  if (f.type == FieldType::kObject || f.type == FieldType::kRecordList || f.type == FieldType::kLab) {
    out += fmt::format("\n\n{}: {}", f.type == FieldType::kRecordList ? "each entry has" : "members",
                       member_names(s, id));
  }
  return out;
}

// A let, constant, list or table declaration found by name.
struct Declaration {
  std::string path;  // the file declaring it
  syntax::Span span;
  std::string text;   // how hover shows it
  CompletionKind kind = kVariable;
};

std::string let_text(const ast::LetDecl& let) {
  return fmt::format("let {} = {}", let.name.name, let.value ? let.value->source : "");
}

std::string list_text(const ast::ListDecl& list) {
  std::string items;
  for (std::size_t i = 0; i < list.items.size() && i < kShownListItems; ++i) {
    items += (i == 0 ? "" : ", ") + list.items[i].name;
  }
  if (list.items.size() > kShownListItems) items += fmt::format(" and {} more", list.items.size() - kShownListItems);
  return fmt::format("list {} ({} names): {}", list.name.name, list.items.size(), items);
}

// Every name declared at the pack level, then the lets of the rule around
// the cursor (which hide pack-level ones of the same name).
std::map<std::string, Declaration> declarations(const PackView& pack, const Place& place, const Cursor& cursor) {
  std::map<std::string, Declaration> out;
  for (const auto& [path, parsed] : pack.files) {
    const ast::File& f = parsed.ast;
    for (const ast::ConstDecl& c : f.consts) {
      out[c.name.name] = {path, c.name.span,
                          fmt::format("{}const {} = {}", c.policy ? "policy " : "", c.name.name,
                                      c.value ? c.value->source : ""),
                          kConstant};
    }
    for (const ast::LetDecl& l : f.lets) out[l.name.name] = {path, l.name.span, let_text(l), kVariable};
    for (const ast::ListDecl& l : f.lists) out[l.name.name] = {path, l.name.span, list_text(l), kEnum};
    for (const ast::TableDecl& t : f.tables) {
      std::string columns;
      for (const ast::Named& c : t.columns) columns += (columns.empty() ? "" : ", ") + c.name;
      out[t.name.name] = {path, t.name.span, fmt::format("table {}({}) in {}", t.name.name, columns, t.unit.name),
                          kFunction};
    }
  }
  const auto here = pack.files.find(place.path);
  if (here == pack.files.end()) return out;
  const ast::RuleDecl* around = nullptr;
  for (const ast::RuleDecl& rule : here->second.ast.rules) {
    if (at_or_before(rule.span, cursor)) around = &rule;
  }
  if (around != nullptr) {
    for (const ast::LetDecl& l : around->lets) out[l.name.name] = {place.path, l.name.span, let_text(l), kVariable};
  }
  return out;
}

// The place's line, the cursor's byte in it and the cursor in characters.
struct Located {
  std::string_view line;
  std::size_t byte = 0;
  Cursor cursor;
};

Located locate(const Place& place) {
  Located out;
  out.line = line_of(place.text, place.line);
  const std::size_t characters = characters_before(out.line, place.character);
  out.byte = text::offset_of_character(out.line, characters);
  out.cursor = {static_cast<uint32_t>(place.line + 1), static_cast<uint32_t>(characters + 1)};
  return out;
}

const ParsedFile* parsed(const PackView& pack, const std::string& path) {
  const auto found = pack.files.find(path);
  return found == pack.files.end() ? nullptr : &found->second;
}

json markdown(std::string value) { return {{"kind", "markdown"}, {"value", std::move(value)}}; }

json location(const PackView& pack, const std::string& path, const syntax::Span& span) {
  const ParsedFile* file = parsed(pack, path);
  return {{"uri", uri_of_path(path)}, {"range", range_of(span, file != nullptr ? file->text : "")}};
}

CompletionKind kind_of(const schema::Field& f) {
  return f.type == FieldType::kObject || f.type == FieldType::kRecordList ? kModule : kField;
}

}  // namespace

std::optional<json> hover(const PackView& pack, const Place& place) {
  const Located at = locate(place);
  const std::optional<WrittenPath> written = path_at(at.line, at.byte, false);
  if (!written) return std::nullopt;
  const std::size_t first = text::character_count(at.line.substr(0, written->first_byte));
  const std::size_t end = first + text::character_count(at.line.substr(written->first_byte,
                                                                         written->end_byte - written->first_byte));
  const json range = {{"start", {{"line", place.line}, {"character", utf16_units(at.line, first)}}},
                      {"end", {{"line", place.line}, {"character", utf16_units(at.line, end)}}}};
  if (pack.rules) {
    const Resolver resolver(pack.rules->schema, parsed(pack, place.path));
    const bool bound = resolver.loop_list(written->segments.front(), at.cursor, 0) != kNoField;
    if (bound || written->segments.size() > 1) {
      const FieldId id = resolver.field(written->segments, at.cursor);
      if (id == kNoField) return std::nullopt;
      std::string shown = field_hover(pack.rules->schema, id);
      if (written->segments.size() == 1) shown = fmt::format("`{}`: an entry of\n\n{}", written->segments[0], shown);
      return json{{"contents", markdown(std::move(shown))}, {"range", range}};
    }
  }
  const auto names = declarations(pack, place, at.cursor);
  if (const auto found = names.find(written->segments.front()); found != names.end()) {
    return json{{"contents", markdown(fmt::format("```rxrules\n{}\n```", found->second.text))}, {"range", range}};
  }
  if (!pack.rules) return std::nullopt;
  const FieldId id = pack.rules->schema.member(kNoField, written->segments.front());
  if (id == kNoField) return std::nullopt;
  return json{{"contents", markdown(field_hover(pack.rules->schema, id))}, {"range", range}};
}

json completion(const PackView& pack, const Place& place) {
  const Located at = locate(place);
  json items = json::array();
  const std::optional<WrittenPath> written = path_at(at.line, at.byte, true);
  if (!written) return items;
  const std::string& typed = written->segments.back();
  auto offer = [&](std::string_view label, CompletionKind kind, std::string detail, std::string documentation) {
    if (!label.starts_with(typed)) return;
    json item = {{"label", label}, {"kind", kind}, {"detail", std::move(detail)}};
    if (!documentation.empty()) item["documentation"] = markdown(std::move(documentation));
    items.push_back(std::move(item));
  };
  if (written->segments.size() > 1) {
    if (!pack.rules) return items;
    const schema::Schema& s = pack.rules->schema;
    const std::vector<std::string> parent(written->segments.begin(), written->segments.end() - 1);
    const FieldId id = Resolver(s, parsed(pack, place.path)).field(parent, at.cursor);
    if (id == kNoField) return items;
    for (const schema::Member& m : s.members(id)) {
      const schema::Field& f = s.field(m.id);
      offer(m.name, kind_of(f), type_and_unit(f), field_hover(s, m.id));
    }
    return items;
  }
  if (pack.rules) {
    const schema::Schema& s = pack.rules->schema;
    for (const schema::Member& m : s.members(kNoField)) {
      const schema::Field& f = s.field(m.id);
      offer(m.name, kind_of(f), type_and_unit(f), field_hover(s, m.id));
    }
  }
  for (const auto& [name, declared] : declarations(pack, place, at.cursor)) {
    offer(name, declared.kind, declared.text, {});
  }
  return items;
}

std::optional<json> definition(const PackView& pack, const Place& place) {
  const Located at = locate(place);
  const std::optional<WrittenPath> written = path_at(at.line, at.byte, false);
  if (!written) return std::nullopt;
  if (written->segments.size() == 1) {
    const auto names = declarations(pack, place, at.cursor);
    if (const auto found = names.find(written->segments.front()); found != names.end()) {
      return location(pack, found->second.path, found->second.span);
    }
  }
  if (!pack.rules) return std::nullopt;
  const FieldId id = Resolver(pack.rules->schema, parsed(pack, place.path)).field(written->segments, at.cursor);
  if (id == kNoField) return std::nullopt;
  const std::string& declared = pack.rules->schema.field(id).path;
  for (const auto& [path, file] : pack.files) {
    for (const ast::FieldDecl& f : file.ast.fields) {
      if (f.path.text == declared) return location(pack, path, f.path.span);
    }
  }
  return std::nullopt;
}

}  // namespace rxr::cli::lsp
