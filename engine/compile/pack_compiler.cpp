#include "compile/pack_compiler.h"

#include <algorithm>

#include <fmt/format.h>

#include "compile/compiler.h"
#include "text/name_policy.h"
#include "units/unit.h"

namespace rxr::compile {
namespace {

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warn") return Severity::kWarn;
  if (s == "block") return Severity::kBlock;
  return std::nullopt;
}

}  // namespace

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarn: return "warn";
    case Severity::kBlock: return "block";
  }
  return "block";
}

std::unique_ptr<RuleSet> compile_pack(const std::vector<ast::File>& files, syntax::Diagnostics& diagnostics,
                                      const CompileLimits& limits) {
  auto out = std::make_unique<RuleSet>();
  const std::size_t before = diagnostics.size();
  PackCompiler(*out, diagnostics, limits).compile(files);
  if (diagnostics.size() > before) return nullptr;
  find_entry_tests(*out);
  out->flat = lower_to_flat(*out);
  return out;
}

void PackCompiler::error(syntax::Span span, std::string message, std::string hint) {
  diagnostics_.error(span, std::move(message), std::move(hint));
}

bool PackCompiler::within_depth(NodeId node, syntax::Span span, std::string_view what) {
  const uint32_t depth = out_.node(node).depth;
  if (depth <= limits_.max_evaluation_depth) return true;
  error(span,
        fmt::format("{} is {} operations deep, counting the lets and tables it uses; the limit is {}", what, depth,
                    limits_.max_evaluation_depth),
        "compute parts of it in lets that do not build on one another, or simplify it");
  return false;
}

bool PackCompiler::check_name(const std::string& name, syntax::Span span) {
  std::string normalized;
  const text::NameCheck check = text::normalize_name(name, normalized);
  if (check.refused()) {
    error(span, fmt::format("this name is refused: {}", text::describe_refusal(check)),
          "names are compared as the text policy says (docs/safety.md); retype it");
    return false;
  }
  if (check.removed != 0) {
    error(span, fmt::format("this name hides an invisible character, {}", text::describe_character(check.removed)),
          "delete it: a reader cannot see it (it is often pasted from a web page)");
    return false;
  }
  if (normalized.empty()) {
    error(span, "the name is empty", "write the name between the quotes");
    return false;
  }
  return true;
}

void PackCompiler::declare(const std::string& name, syntax::Span span) {
  auto [it, fresh] = declared_.emplace(name, span);
  if (!fresh) {
    error(span, fmt::format("'{}' is already declared (line {})", name, it->second.line),
          "give it another name");
  }
}

// Names first, bodies later: a rule may use a let declared further down or
// in an imported file, and cycles are found when bodies are compiled.
void PackCompiler::declare_names(const ast::File& file) {
  for (const auto& drug : file.drugs) {
    if (!check_name(drug.drug.name, drug.drug.span)) continue;
    const Symbol symbol = out_.symbols.intern(drug.drug.name);
    for (const auto& synonym : drug.synonyms) {
      if (!check_name(synonym.name, synonym.span)) continue;
      const Symbol existing = out_.symbols.lookup_spelling(synonym.name);
      if (existing != kUnknownSymbol && existing != symbol) {
        error(synonym.span,
              fmt::format("'{}' is already a name of '{}'", synonym.name, out_.symbols.spelling(existing)),
              "a name may belong to one drug only");
        continue;
      }
      out_.symbols.add_synonym(synonym.name, symbol);
    }
  }
  for (const auto* words : {&file.salts, &file.forms}) {
    for (const auto& word : *words) {
      if (check_name(word.name, word.span)) out_.symbols.add_qualifier(word.name);
    }
  }
  for (const auto& source : file.sources) {
    if (!sources_.emplace(source.tag.name, source.text).second) {
      error(source.tag.span, fmt::format("source '{}' is already declared", source.tag.name));
    }
  }
  for (const auto& category : file.categories) {
    const bool known = std::any_of(out_.info.categories.begin(), out_.info.categories.end(),
                                   [&](const Category& c) { return c.name == category.name.name; });
    if (known) {
      error(category.name.span, fmt::format("category {} is already declared", category.name.name));
      continue;
    }
    out_.info.categories.push_back({category.name.name, category.description});
  }
  for (const auto& field : file.fields) declare_field(field);
  for (const auto& c : file.consts) {
    declare(c.name.name, c.name.span);
    consts_.emplace(c.name.name, ConstEntry{&c});
  }
  for (const auto& let : file.lets) {
    declare(let.name.name, let.name.span);
    lets_.emplace(let.name.name, LetEntry{&let});
  }
  for (const auto& list : file.lists) {
    declare(list.name.name, list.name.span);
    lists_.emplace(list.name.name, ListEntry{&list});
  }
  for (const auto& table : file.tables) {
    declare(table.name.name, table.name.span);
    tables_.emplace(table.name.name, TableEntry{&table});
  }
}

void PackCompiler::compile(const std::vector<ast::File>& files) {
  for (const auto& file : files) {
    file_names_[file.id] = file.name;
    partial_ = partial_ || file.partial;
    unparsed_.insert(file.unparsed_names.begin(), file.unparsed_names.end());
  }
  for (const auto& file : files) {
    // Imports load before the file that imports them, so the main file's
    // header is the last one seen.
    if (file.pack) {
      out_.info.name = file.pack->name;
      out_.info.version = file.pack->version;
      out_.info.drug.clear();
      out_.info.aka.clear();
      if (!file.drugs.empty()) {
        out_.info.drug = file.drugs.front().drug.name;
        for (const auto& synonym : file.drugs.front().synonyms) out_.info.aka.push_back(synonym.name);
      }
    }
    for (const auto& notice : file.notices) out_.info.notices.push_back(notice);
    declare_names(file);
  }
  // Codes added to choices of the base, then the schema is complete:
  // every path a rule reads resolves against it.
  for (const auto& file : files) {
    for (const auto& extend : file.extends) extend_field(extend);
  }
  finish_fields();
  out_.info.drug_symbol = out_.info.drug.empty() ? kUnknownSymbol : out_.symbols.lookup_spelling(out_.info.drug);
  // Lists are interned after every drug and synonym is known, so a list may
  // name a drug by any of its spellings.
  for (auto& [name, entry] : lists_) {
    entry.index = static_cast<uint32_t>(out_.lists.size());
    NameList list{name, {}};
    std::vector<Symbol> members;
    for (const auto& item : entry.decl->items) {
      if (check_name(item.name, item.span)) members.push_back(out_.symbols.intern_name(item.name));
    }
    list.members.resize(out_.symbols.size());
    for (Symbol s : members) list.members[s] = true;
    out_.lists.push_back(std::move(list));
  }
  for (auto& [name, entry] : consts_) {
    NodeId node = reference_const(entry, entry.decl->name.span);
    if (entry.decl->policy && entry.state == State::kDone) {
      out_.info.policies.emplace_back(name, entry.decl->value->source);
    }
    (void)node;
  }
  for (auto& [name, entry] : lets_) reference_let(entry, entry.decl->name.span);
  for (auto& [name, entry] : tables_) compile_table(entry);
  for (const auto& file : files) {
    for (const auto& recent : file.recents) compile_recency(recent);
  }
  for (const auto& file : files) {
    for (const auto& derive : file.derives) compile_derivation(derive);
  }
  for (const auto& file : files) {
    for (const auto& rule : file.rules) compile_rule(rule);
  }
  if (out_.info.name.empty() && !files.empty() && !partial_) {  // a header that did not parse was reported
    error({files.front().id, 1, 1, 1}, "the rule pack has no header",
          "start the main file with: pack \"name\" version \"1\"");
  }
}

void PackCompiler::compile_rule(const ast::RuleDecl& decl) {
  if (auto [it, fresh] = rule_ids_.emplace(decl.id.name, decl.id.span); !fresh) {
    error(decl.id.span, fmt::format("rule id {} is used twice (first in {}:{})", decl.id.name,
                                    file_names_[it->second.file], it->second.line),
          "rule ids must be unique in a pack: findings are reported by id");
  }
  Rule rule;
  rule.id = decl.id.name;
  rule.title = decl.title;
  rule.span = decl.span;
  auto require = [&](bool present, const char* part, const char* example) {
    if (!present) error(decl.id.span, fmt::format("rule {} has no '{}'", decl.id.name, part), example);
    return present;
  };
  if (require(decl.category.has_value(), "category", "add e.g.: category cytoreduction")) {
    rule.category = decl.category->name;
    const auto& categories = out_.info.categories;
    const bool declared = std::any_of(categories.begin(), categories.end(),
                                      [&](const Category& c) { return c.name == rule.category; });
    if (!declared) {
      std::vector<std::string_view> names;
      for (const Category& c : categories) names.push_back(c.name);
      error(decl.category->span, fmt::format("'{}' is not a category", rule.category),
            names.empty() ? std::string("declare the categories (rules/common/request.rxr does): category regimen")
                          : fmt::format("use one of: {}", fmt::join(names, ", ")));
    }
  }
  if (require(decl.severity.has_value(), "severity", "add e.g.: severity block")) {
    if (auto severity = parse_severity(decl.severity->name)) {
      rule.severity = *severity;
    } else {
      error(decl.severity->span, fmt::format("'{}' is not a severity", decl.severity->name),
            "use info, warn or block");
    }
  }
  if (require(decl.cite_tag.has_value(), "cite", "add e.g.: cite PI \"section 2.2\"")) {
    if (auto it = sources_.find(decl.cite_tag->name); it == sources_.end()) {
      error(decl.cite_tag->span, fmt::format("source '{}' is not declared", decl.cite_tag->name),
            "declare it at the top of the pack: source PI \"...\"");
    } else {
      rule.source = decl.cite_text.empty() ? it->second : it->second + ", " + decl.cite_text;
    }
  }
  rule_lets_.clear();
  for (const auto& let : decl.lets) {
    if (declared_.count(let.name.name) != 0 || rule_lets_.count(let.name.name) != 0) {
      error(let.name.span, fmt::format("'{}' is already declared", let.name.name), "give it another name");
      continue;
    }
    rule_lets_.emplace(let.name.name, LetEntry{&let});
  }
  shown_ = &rule.facts;
  if (require(decl.when != nullptr, "when", "add e.g.: when labs.anc < 1 x10^9/L")) {
    rule.condition = expr(*decl.when);
    within_depth(rule.condition, decl.when->span, "the condition");
    const Node& condition = out_.node(rule.condition);
    rule.always = condition.op == Op::kConstant && condition.type.kind == TypeKind::kBool &&
                  out_.constants[condition.index].number != 0;
    const Type& type = condition.type;
    if (!type.is_error() && type.kind != TypeKind::kBool) {
      error(decl.when->span, fmt::format("the condition is {}, not true or false", describe(type)));
    }
  }
  if (require(decl.message.has_value(), "message", "add e.g.: message \"...\"")) {
    rule.message = compile_message(*decl.message);
  }
  if (decl.missing_message) rule.missing_message = compile_message(*decl.missing_message);
  shown_ = nullptr;
  out_.rules.push_back(std::move(rule));
}

Message PackCompiler::compile_message(const ast::Template& t) {
  Message message;
  for (const auto& piece : t.pieces) {
    Message::Piece out;
    if (!piece.value) {
      out.text = piece.text;
      out.lists_missing = piece.lists_missing;
      message.pieces.push_back(std::move(out));
      continue;
    }
    out.is_value = true;
    ++message.value_count;
    out.value = expr(*piece.value);
    within_depth(out.value, piece.value->span, "the value shown");
    const Type& type = out_.node(out.value).type;
    if (!piece.unit.name.empty()) {
      auto unit = units::find_unit(piece.unit.name);
      if (!unit) {
        error(piece.unit.span, fmt::format("unknown unit '{}'", piece.unit.name));
      } else if (type.kind != TypeKind::kNumber || unit->dimension != type.dimension) {
        error(piece.unit.span,
              fmt::format("cannot show {} in {}", describe(type), piece.unit.name),
              fmt::format("use a unit of {}", describe(type)));
      } else {
        out.unit = std::string(unit->symbol);
        out.unit_factor = unit->factor;
      }
    }
    if (type.kind == TypeKind::kRecords) {
      error(piece.value->span, "a list of records cannot be shown in a message",
            "show a count: {count(history.administrations)}, or collect names");
    }
    message.pieces.push_back(std::move(out));
  }
  return message;
}

void PackCompiler::compile_table(TableEntry& entry) {
  if (entry.state != State::kPending) return;
  entry.state = State::kDone;
  const ast::TableDecl& decl = *entry.decl;
  entry.index = static_cast<uint32_t>(out_.tables.size());
  out_.tables.push_back({decl.name.name, {}, {}});
  for (const auto& column : decl.columns) out_.tables[entry.index].columns.push_back(column.name);
  // Row patterns are checked against argument types at each call; here
  // they are compiled against the types the first literal of each column implies.
  auto unit = units::find_unit(decl.unit.name);
  if (!unit) {
    error(decl.unit.span, fmt::format("unknown unit '{}'", decl.unit.name),
          fmt::format("write the unit of the table's values, e.g. mg/m2"));
    return;
  }
  if (decl.columns.size() > limits_.max_table_columns) {
    error(decl.columns[limits_.max_table_columns].span,
          fmt::format("table {} has {} columns; the limit is {}", decl.name.name, decl.columns.size(),
                      limits_.max_table_columns),
          "split it into tables that each look up fewer values");
    return;
  }
  if (decl.rows.size() > limits_.max_table_rows) {
    error(decl.rows[limits_.max_table_rows].span,
          fmt::format("table {} has {} rows; the limit is {}", decl.name.name, decl.rows.size(), limits_.max_table_rows),
          "split it into several tables");
    return;
  }
  const std::vector<LoopVariable> saved_loops = std::exchange(loops_, {});
  auto* saved_shown = std::exchange(shown_, nullptr);
  for (const auto& row : decl.rows) {
    if (row.patterns.size() != decl.columns.size()) {
      error(row.span, fmt::format("row has {} values; table {} has {} columns", row.patterns.size(),
                                  decl.name.name, decl.columns.size()));
      continue;
    }
    TableRow compiled;
    compiled.source = row.source;
    for (std::size_t i = 0; i < row.patterns.size(); ++i) {
      compiled.patterns.push_back(compile_pattern(row.patterns[i]));
    }
    const ast::Expr& result = *row.result;
    if (result.kind == ast::ExprKind::kNumber && result.unit.empty()) {
      // Shown in the table's own unit (a share as "75 %", not 0.75).
      compiled.result = constant({Type::quantity(*unit), result.number * unit->factor, kUnknownSymbol, {}}, result);
    } else {
      compiled.result = expr(result);
      const Type& type = out_.node(compiled.result).type;
      if (!type.is_error() && (type.kind != TypeKind::kNumber || type.dimension != unit->dimension)) {
        error(result.span, fmt::format("table value is {}; the table holds {}", describe(type),
                                       units::describe(unit->dimension)));
      }
    }
    out_.tables[entry.index].rows.push_back(std::move(compiled));
  }
  loops_ = saved_loops;
  shown_ = saved_shown;
}

Symbol PackCompiler::literal_name(const std::string& text, const Type& expected, syntax::Span span) {
  if (!check_name(text, span)) return kUnknownSymbol;
  if (expected.choices != schema::kNoField) {
    const schema::Field& field = out_.schema.field(expected.choices);
    const std::string wanted = SymbolTable::key(text);
    for (std::string_view choice : field.choices) {
      if (SymbolTable::key(choice) == wanted) return out_.symbols.intern(choice);
    }
    error(span, fmt::format("'{}' is not a value of {}", text, field.path),
          fmt::format("use one of: {}", fmt::join(field.choices, ", ")));
    return kUnknownSymbol;
  }
  return out_.symbols.intern_name(text);
}

TablePattern PackCompiler::compile_pattern(const ast::Pattern& p) {
  TablePattern out;
  out.kind = static_cast<TablePattern::Kind>(p.kind);
  out.span = p.span;
  if (p.kind == ast::Pattern::Kind::kBound) {
    switch (p.bound) {
      case ast::CompareOp::kLess: out.bound = Op::kLess; break;
      case ast::CompareOp::kLessEqual: out.bound = Op::kLessEqual; break;
      case ast::CompareOp::kGreater: out.bound = Op::kGreater; break;
      default: out.bound = Op::kGreaterEqual; break;
    }
  }
  for (const auto& literal : p.values) {
    switch (literal.kind) {
      case ast::Literal::Kind::kNumber: {
        if (literal.unit.empty()) {
          out.numbers.push_back(literal.number);
          break;
        }
        auto unit = units::find_unit(literal.unit);
        if (!unit) {
          error(literal.span, fmt::format("unknown unit '{}'", literal.unit));
          break;
        }
        out.numbers.push_back(literal.number * unit->factor);
        out.dimension = unit->dimension;
        break;
      }
      case ast::Literal::Kind::kString:
        if (p.kind != ast::Pattern::Kind::kValues) {
          error(literal.span, "ranges and bounds take numbers", "list names as \"CR\" | \"CRi\"");
        }
        if (check_name(literal.text, literal.span)) out.names.push_back(out_.symbols.intern(literal.text));
        break;
      case ast::Literal::Kind::kBool:
        out.numbers.push_back(literal.boolean ? 1 : 0);
        break;
    }
  }
  return out;
}

// A table's patterns are checked against the arguments of each call: the
// table itself does not say what its columns hold.
void PackCompiler::check_patterns(const Table& table, const std::vector<NodeId>& args, syntax::Span call) {
  if (args.size() != table.columns.size()) {
    error(call, fmt::format("table {} takes {} values ({}); {} given", table.name, table.columns.size(),
                            fmt::join(table.columns, ", "), args.size()));
    return;
  }
  for (const TableRow& row : table.rows) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      const TablePattern& pattern = row.patterns[i];
      const Type& type = out_.node(args[i]).type;
      if (pattern.kind == TablePattern::Kind::kAny || type.is_error()) continue;
      if (type.kind == TypeKind::kName) {
        if (!pattern.numbers.empty()) {
          error(pattern.span, fmt::format("column {} holds names; write them as \"text\"", table.columns[i]));
        }
        for (Symbol s : pattern.names) literal_name(std::string(out_.symbols.spelling(s)), type, pattern.span);
      } else if (type.kind == TypeKind::kNumber || type.kind == TypeKind::kBool) {
        if (!pattern.names.empty() || (type.kind == TypeKind::kNumber && pattern.dimension != type.dimension)) {
          error(pattern.span, fmt::format("column {} is {}; this pattern does not match it",
                                          table.columns[i], describe(type)));
        }
      } else {
        error(out_.node(args[i]).span, fmt::format("a table cannot look up {}", describe(type)));
      }
    }
  }
}

}  // namespace rxr::compile
