#include "syntax/builder.h"

#include <algorithm>

#include <charconv>

#include <fmt/format.h>

#include "text/utf8.h"

namespace rxr::syntax {

using grammar::RxrParser;

namespace {

uint32_t character_count(std::string_view utf8) { return static_cast<uint32_t>(text::character_count(utf8)); }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The expression as written, white space folded to single spaces so that a
// condition spread over lines reads as one line in an explanation.
std::string original_text(antlr4::ParserRuleContext* ctx) {
  if (ctx->start == nullptr || ctx->stop == nullptr || ctx->stop->getStopIndex() < ctx->start->getStartIndex()) {
    return ctx->getText();
  }
  const std::string text = ctx->start->getInputStream()->getText(
      antlr4::misc::Interval(ctx->start->getStartIndex(), ctx->stop->getStopIndex()));
  std::string folded;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (folded.empty() || folded.back() == ' ')) continue;
    folded += space ? ' ' : c;
  }
  return folded;
}

ast::CompareOp compare_op(size_t token) {
  switch (token) {
    case RxrParser::LT: return ast::CompareOp::kLess;
    case RxrParser::LE: return ast::CompareOp::kLessEqual;
    case RxrParser::GT: return ast::CompareOp::kGreater;
    case RxrParser::GE: return ast::CompareOp::kGreaterEqual;
    case RxrParser::EQ: return ast::CompareOp::kEqual;
    default: return ast::CompareOp::kNotEqual;
  }
}

}  // namespace

Span Builder::span(antlr4::Token* token) const {
  Span s{file_, static_cast<uint32_t>(token->getLine()),
         static_cast<uint32_t>(token->getCharPositionInLine()) + 1,
         std::max<uint32_t>(1, character_count(token->getText()))};
  if (origin_) {
    s.file = origin_->file;
    s.line = origin_->line;
    s.column += origin_->column - 1;
  }
  return s;
}

Span Builder::span(antlr4::ParserRuleContext* ctx) const {
  Span s = span(ctx->start);
  if (ctx->stop != nullptr && ctx->stop->getLine() == ctx->start->getLine()) {
    const Span end = span(ctx->stop);
    if (end.column + end.length > s.column) s.length = end.column + end.length - s.column;
  }
  return s;
}

ast::Named Builder::named(antlr4::tree::TerminalNode* token) {
  return {token->getText(), span(token->getSymbol())};
}

std::string Builder::string_value(antlr4::tree::TerminalNode* token) {
  const std::string raw = token->getText();
  std::string out;
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size()) {
      const char escaped = raw[++i];
      out += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
    } else {
      out += raw[i];
    }
  }
  return out;
}

double Builder::number_value(antlr4::tree::TerminalNode* token) {
  std::string digits;
  for (char c : token->getText()) {
    if (c != '_') digits += c;
  }
  double value = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec != std::errc{}) {
    diagnostics_.error(span(token->getSymbol()), fmt::format("number '{}' is out of range", digits));
  }
  return value;
}

namespace {

// Whether error recovery touched this subtree: a token it skipped or made
// up (an error node), or a rule it abandoned.
bool recovered(antlr4::tree::ParseTree* tree) {
  if (dynamic_cast<antlr4::tree::ErrorNode*>(tree) != nullptr) return true;
  if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(tree); rule != nullptr && rule->exception != nullptr) {
    return true;
  }
  for (antlr4::tree::ParseTree* child : tree->children) {
    if (recovered(child)) return true;
  }
  return false;
}

// The name a declaration that did not parse would have declared: the word
// after const, let, list, table or rule, or the path after field, extend,
// derive or recent. "" when it did not get that far.
std::string declared_name(antlr4::ParserRuleContext* ctx) {
  std::vector<antlr4::Token*> words;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      words.push_back(terminal->getSymbol());
    } else if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(child); rule != nullptr && words.size() < 3) {
      // A field path: its text, dots and list marks included.
      if (!words.empty() && (words.back()->getType() == RxrParser::FIELD || words.back()->getType() == RxrParser::EXTEND ||
                             words.back()->getType() == RxrParser::DERIVE || words.back()->getType() == RxrParser::RECENT)) {
        std::string path = rule->getText();
        for (std::size_t at = path.find("[]"); at != std::string::npos; at = path.find("[]")) path.erase(at, 2);
        return path;
      }
    }
    if (words.size() >= 3) break;
  }
  std::size_t i = 0;
  if (i < words.size() && words[i]->getType() == RxrParser::POLICY) ++i;
  if (i + 1 >= words.size()) return {};
  switch (words[i]->getType()) {
    case RxrParser::CONST: case RxrParser::LET: case RxrParser::LIST: case RxrParser::TABLE: case RxrParser::RULE:
      return words[i + 1]->getType() == RxrParser::IDENT ? words[i + 1]->getText() : std::string();
    default:
      return {};
  }
}

}  // namespace

ast::File Builder::file(RxrParser::FileContext* ctx) {
  ast::File out;
  out.id = file_;
  out.partial = ctx->exception != nullptr ||
                std::any_of(ctx->children.begin(), ctx->children.end(), [](antlr4::tree::ParseTree* child) {
                  return dynamic_cast<antlr4::tree::ErrorNode*>(child) != nullptr;
                });
  for (auto* declaration_ctx : ctx->declaration()) {
    if (recovered(declaration_ctx)) {
      out.partial = true;
      if (std::string name = declared_name(declaration_ctx); !name.empty()) out.unparsed_names.push_back(std::move(name));
      continue;
    }
    declaration(declaration_ctx, out);
  }
  return out;
}

void Builder::declaration(RxrParser::DeclarationContext* ctx, ast::File& out) {
  if (auto* pack = dynamic_cast<RxrParser::PackDeclContext*>(ctx)) {
    if (out.pack) {
      diagnostics_.error(span(pack), "the pack header is given twice", "keep one 'pack' line per file");
    }
    out.pack = ast::PackHeader{string_value(pack->STRING(0)), string_value(pack->STRING(1)), span(pack)};
  } else if (auto* drug = dynamic_cast<RxrParser::DrugDeclContext*>(ctx)) {
    ast::DrugDecl decl{{string_value(drug->STRING(0)), span(drug->STRING(0)->getSymbol())}, {}};
    for (std::size_t i = 1; i < drug->STRING().size(); ++i) {
      decl.synonyms.push_back({string_value(drug->STRING(i)), span(drug->STRING(i)->getSymbol())});
    }
    out.drugs.push_back(std::move(decl));
  } else if (auto* source = dynamic_cast<RxrParser::SourceDeclContext*>(ctx)) {
    out.sources.push_back({named(source->IDENT()), string_value(source->STRING())});
  } else if (auto* notice = dynamic_cast<RxrParser::NoticeDeclContext*>(ctx)) {
    std::string text;
    for (auto* s : notice->STRING()) text += string_value(s);
    out.notices.push_back(std::move(text));
  } else if (auto* import = dynamic_cast<RxrParser::ImportDeclContext*>(ctx)) {
    out.imports.push_back({string_value(import->STRING()), span(import->STRING()->getSymbol())});
  } else if (auto* constant = dynamic_cast<RxrParser::ConstDeclContext*>(ctx)) {
    out.consts.push_back({named(constant->IDENT()), constant->POLICY() != nullptr, expr(constant->expr())});
  } else if (auto* let = dynamic_cast<RxrParser::LetDeclContext*>(ctx)) {
    out.lets.push_back({named(let->IDENT()), expr(let->expr())});
  } else if (auto* list = dynamic_cast<RxrParser::ListDeclContext*>(ctx)) {
    ast::ListDecl decl{named(list->IDENT()), {}};
    for (auto* item : list->STRING()) decl.items.push_back({string_value(item), span(item->getSymbol())});
    out.lists.push_back(std::move(decl));
  } else if (auto* salts = dynamic_cast<RxrParser::SaltsDeclContext*>(ctx)) {
    for (auto* word : salts->STRING()) out.salts.push_back({string_value(word), span(word->getSymbol())});
  } else if (auto* forms = dynamic_cast<RxrParser::FormsDeclContext*>(ctx)) {
    for (auto* word : forms->STRING()) out.forms.push_back({string_value(word), span(word->getSymbol())});
  } else if (auto* category = dynamic_cast<RxrParser::CategoryDeclContext*>(ctx)) {
    out.categories.push_back({named(category->IDENT()), category->STRING() ? string_value(category->STRING()) : ""});
  } else if (auto* field = dynamic_cast<RxrParser::FieldDeclContext*>(ctx)) {
    out.fields.push_back(field_decl(field));
  } else if (auto* extend = dynamic_cast<RxrParser::ExtendDeclContext*>(ctx)) {
    ast::ExtendDecl decl{field_path(extend->fieldPath()), {}};
    for (auto* code : extend->STRING()) decl.codes.push_back({string_value(code), span(code->getSymbol())});
    out.extends.push_back(std::move(decl));
  } else if (auto* derive = dynamic_cast<RxrParser::DeriveDeclContext*>(ctx)) {
    out.derives.push_back({field_path(derive->fieldPath()), string_value(derive->STRING()), expr(derive->expr())});
  } else if (auto* recent = dynamic_cast<RxrParser::RecentDeclContext*>(ctx)) {
    out.recents.push_back({field_path(recent->fieldPath()), expr(recent->expr(0)), expr(recent->expr(1))});
  } else if (auto* table_ctx = dynamic_cast<RxrParser::TableDeclContext*>(ctx)) {
    out.tables.push_back(table(table_ctx));
  } else if (auto* rule_ctx = dynamic_cast<RxrParser::RuleDeclContext*>(ctx)) {
    out.rules.push_back(rule(rule_ctx));
  }
}

ast::FieldPath Builder::field_path(RxrParser::FieldPathContext* ctx) {
  ast::FieldPath out;
  out.span = span(ctx);
  out.text = ctx->getText();
  // Names and list marks alternate in the tree: each mark belongs to the name before it.
  for (auto* child : ctx->children) {
    if (auto* segment = dynamic_cast<RxrParser::NameContext*>(child)) {
      out.segments.push_back({segment->getText(), false});
    } else if (dynamic_cast<RxrParser::ListMarkContext*>(child) != nullptr && !out.segments.empty()) {
      out.segments.back().list = true;
    }
  }
  return out;
}

ast::FieldDecl Builder::field_decl(RxrParser::FieldDeclContext* ctx) {
  ast::FieldDecl out;
  out.path = field_path(ctx->fieldPath());
  if (ctx->STRING() != nullptr) out.description = string_value(ctx->STRING());
  if (auto* like = dynamic_cast<RxrParser::LikeTypeContext*>(ctx->fieldType())) {
    out.type = {"like", span(like->LIKE()->getSymbol())};
    out.like = field_path(like->fieldPath());
  } else if (auto* simple = dynamic_cast<RxrParser::SimpleTypeContext*>(ctx->fieldType())) {
    out.type = {simple->name()->getText(), span(simple->name())};
    if (simple->unit() != nullptr) out.unit = unit(simple->unit());
  } else if (auto* choice = dynamic_cast<RxrParser::ChoiceTypeContext*>(ctx->fieldType())) {
    out.type = {choice->name()->getText(), span(choice->name())};
    for (auto* code : choice->STRING()) out.choices.push_back({string_value(code), span(code->getSymbol())});
  }
  for (auto* clause_ctx : ctx->fieldClause()) {
    ast::FieldClause clause;
    if (auto* bounds = dynamic_cast<RxrParser::BoundsClauseContext*>(clause_ctx)) {
      clause.keyword = named(bounds->IDENT());
      clause.bounds = this->bounds(bounds->bounds());
    } else if (auto* convert = dynamic_cast<RxrParser::ConvertClauseContext*>(clause_ctx)) {
      clause.keyword = named(convert->IDENT());
      for (auto* conversion : convert->conversion()) {
        ast::Conversion c;
        c.span = span(conversion);
        c.from.kind = c.to.kind = ast::Literal::Kind::kNumber;
        c.from.number = number_value(conversion->NUMBER(0));
        c.from.unit = unit(conversion->unit(0)).name;
        c.from.span = span(conversion->NUMBER(0)->getSymbol());
        c.to.number = number_value(conversion->NUMBER(1));
        c.to.unit = unit(conversion->unit(1)).name;
        c.to.span = span(conversion->NUMBER(1)->getSymbol());
        clause.conversions.push_back(std::move(c));
      }
    } else if (auto* after = dynamic_cast<RxrParser::AfterClauseContext*>(clause_ctx)) {
      clause.keyword = named(after->IDENT());
      clause.after = field_path(after->fieldPath());
    }
    out.clauses.push_back(std::move(clause));
  }
  return out;
}

ast::Bounds Builder::bounds(RxrParser::BoundsContext* ctx) {
  ast::Bounds out;
  out.span = span(ctx);
  out.low_exclusive = ctx->GT() != nullptr;
  const auto literals = ctx->literal();
  const bool has_range = ctx->RANGE() != nullptr;
  // "> 5 mg" and "5 mg .." are lower bounds; ".. 5 mg" an upper one; "1 .. 5" both.
  if (!has_range) {
    out.low = literal(literals[0]);
  } else if (literals.size() == 2) {
    out.low = literal(literals[0]);
    out.high = literal(literals[1]);
  } else if (literals.size() == 1) {
    const bool before_range = literals[0]->getStart()->getTokenIndex() < ctx->RANGE()->getSymbol()->getTokenIndex();
    (before_range ? out.low : out.high) = literal(literals[0]);
  }
  return out;
}

ast::TableDecl Builder::table(RxrParser::TableDeclContext* ctx) {
  ast::TableDecl decl;
  decl.name = named(ctx->IDENT(0));
  for (std::size_t i = 1; i < ctx->IDENT().size(); ++i) decl.columns.push_back(named(ctx->IDENT(i)));
  decl.unit = unit(ctx->unit());
  for (auto* row : ctx->tableRow()) decl.rows.push_back(table_row(row));
  return decl;
}

ast::TableRow Builder::table_row(RxrParser::TableRowContext* ctx) {
  ast::TableRow row;
  row.span = span(ctx);
  for (auto* p : ctx->pattern()) row.patterns.push_back(pattern(p));
  row.result = expr(ctx->expr());
  // From the first pattern to the end of the value: the row's ROW_END is made up, with no place in the text.
  const antlr4::misc::Interval written(ctx->getStart()->getStartIndex(), ctx->expr()->getStop()->getStopIndex());
  row.source = ctx->getStart()->getInputStream()->getText(written);
  return row;
}

ast::Pattern Builder::pattern(RxrParser::PatternContext* ctx) {
  ast::Pattern out;
  out.span = span(ctx);
  if (auto* any = dynamic_cast<RxrParser::AnyPatternContext*>(ctx)) {
    out.kind = ast::Pattern::Kind::kAny;
    if (any->IDENT()->getText() != "any") {
      diagnostics_.error(out.span, fmt::format("'{}' is not a table pattern", any->IDENT()->getText()),
                         "write a value, a range such as 6..10, a bound such as >= 2, or 'any'");
    }
  } else if (auto* range = dynamic_cast<RxrParser::RangePatternContext*>(ctx)) {
    out.kind = ast::Pattern::Kind::kRange;
    out.values.push_back(literal(range->literal(0)));
    out.values.push_back(literal(range->literal(1)));
  } else if (auto* bound = dynamic_cast<RxrParser::BoundPatternContext*>(ctx)) {
    out.kind = ast::Pattern::Kind::kBound;
    out.bound = compare_op(bound->op->getType());
    out.values.push_back(literal(bound->literal()));
  } else if (auto* values = dynamic_cast<RxrParser::ValuePatternContext*>(ctx)) {
    out.kind = ast::Pattern::Kind::kValues;
    for (auto* value : values->literal()) out.values.push_back(literal(value));
  }
  return out;
}

ast::Literal Builder::literal(RxrParser::LiteralContext* ctx) {
  ast::Literal out;
  out.span = span(ctx);
  if (ctx->NUMBER() != nullptr) {
    out.kind = ast::Literal::Kind::kNumber;
    out.number = number_value(ctx->NUMBER()) * (ctx->MINUS() != nullptr ? -1 : 1);
    if (ctx->unit() != nullptr) out.unit = unit(ctx->unit()).name;
  } else if (ctx->STRING() != nullptr) {
    out.kind = ast::Literal::Kind::kString;
    out.text = string_value(ctx->STRING());
  } else {
    out.kind = ast::Literal::Kind::kBool;
    out.boolean = ctx->TRUE() != nullptr;
  }
  return out;
}

ast::RuleDecl Builder::rule(RxrParser::RuleDeclContext* ctx) {
  ast::RuleDecl out;
  out.id = named(ctx->IDENT());
  out.title = string_value(ctx->STRING());
  out.span = span(ctx->IDENT()->getSymbol());
  for (auto* part : ctx->rulePart()) rule_part(part, out);
  return out;
}

void Builder::rule_part(RxrParser::RulePartContext* ctx, ast::RuleDecl& rule) {
  auto once = [&](bool already, const char* part) {
    if (already) {
      diagnostics_.error(span(ctx), fmt::format("rule {} has more than one '{}'", rule.id.name, part),
                         "keep one");
    }
  };
  if (auto* category = dynamic_cast<RxrParser::CategoryPartContext*>(ctx)) {
    once(rule.category.has_value(), "category");
    rule.category = named(category->IDENT());
  } else if (auto* severity = dynamic_cast<RxrParser::SeverityPartContext*>(ctx)) {
    once(rule.severity.has_value(), "severity");
    rule.severity = named(severity->IDENT());
  } else if (auto* when = dynamic_cast<RxrParser::WhenPartContext*>(ctx)) {
    once(rule.when != nullptr, "when");
    rule.when = expr(when->expr());
  } else if (auto* let = dynamic_cast<RxrParser::LetPartContext*>(ctx)) {
    rule.lets.push_back({named(let->IDENT()), expr(let->expr())});
  } else if (auto* message_ctx = dynamic_cast<RxrParser::MessagePartContext*>(ctx)) {
    once(rule.message.has_value(), "message");
    rule.message = message(message_ctx->STRING());
  } else if (auto* missing = dynamic_cast<RxrParser::MissingMessagePartContext*>(ctx)) {
    once(rule.missing_message.has_value(), "missing message");
    rule.missing_message = message(missing->STRING());
  } else if (auto* cite = dynamic_cast<RxrParser::CitePartContext*>(ctx)) {
    once(rule.cite_tag.has_value(), "cite");
    rule.cite_tag = named(cite->IDENT());
    if (cite->STRING() != nullptr) rule.cite_text = string_value(cite->STRING());
  }
}

// Splits each string into literal text and {placeholder} pieces. Strings
// cannot span lines, so a placeholder's column is the string's column plus
// its offset inside the string.
ast::Template Builder::message(const std::vector<antlr4::tree::TerminalNode*>& strings) {
  ast::Template out;
  out.span = span(strings.front()->getSymbol());
  std::string text;
  auto flush_text = [&] {
    if (!text.empty()) out.pieces.push_back({std::move(text), nullptr, {}});
    text.clear();
  };
  for (auto* token : strings) {
    const std::string raw = token->getText();
    const Span string_span = span(token->getSymbol());
    uint32_t column = string_span.column + 1;  // after the opening quote
    for (std::size_t i = 1; i + 1 < raw.size(); ++i, ++column) {
      const char c = raw[i];
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) --column;  // continuation byte
      if (c == '\\' && i + 2 < raw.size()) {
        const char escaped = raw[++i];
        ++column;
        text += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
      } else if (c == '{') {
        const std::size_t close = raw.find('}', i + 1);
        if (close == std::string::npos || close + 1 == raw.size()) {
          diagnostics_.error({string_span.file, string_span.line, column, 1},
                             "'{' opens a placeholder that is not closed",
                             "close it with '}', or write \\{ for a literal brace");
          break;
        }
        flush_text();
        const std::string_view inside = std::string_view(raw).substr(i + 1, close - i - 1);
        const Span origin{string_span.file, string_span.line, column + 1, 1};
        if (trimmed(inside) == "missing") {
          ast::Template::Piece piece;
          piece.lists_missing = true;
          out.pieces.push_back(std::move(piece));
        } else if (auto* parsed = placeholders_(inside, origin)) {
          ast::Template::Piece piece;
          piece.value = placeholder_expr(parsed->expr(), origin);
          if (parsed->unit() != nullptr) {
            origin_ = origin;
            piece.unit = unit(parsed->unit());
            origin_.reset();
          }
          out.pieces.push_back(std::move(piece));
        }
        column += character_count(inside) + 1;
        i = close;
      } else {
        text += c;
      }
    }
  }
  flush_text();
  return out;
}

ast::ExprPtr Builder::placeholder_expr(RxrParser::ExprContext* ctx, Span origin) {
  origin_ = origin;
  ast::ExprPtr out = expr(ctx);
  origin_.reset();
  return out;
}

ast::ExprPtr Builder::node(ast::ExprKind kind, antlr4::ParserRuleContext* ctx) {
  auto out = std::make_unique<ast::Expr>();
  out->kind = kind;
  out->span = span(ctx);
  out->source = original_text(ctx);
  return out;
}

ast::ExprPtr Builder::expr(RxrParser::ExprContext* ctx) {
  if (depth_ == max_depth_) {
    diagnostics_.error(span(ctx), fmt::format("the expression nests more than {} operations inside one another", max_depth_),
                       "split it with 'let'");
    return node(ast::ExprKind::kBool, ctx);  // stands in; the pack does not load
  }
  ++depth_;
  ast::ExprPtr out = expr_at_depth(ctx);
  --depth_;
  return out;
}

ast::ExprPtr Builder::expr_at_depth(RxrParser::ExprContext* ctx) {
  using K = ast::ExprKind;
  if (auto* primary_ctx = dynamic_cast<RxrParser::PrimaryExprContext*>(ctx)) {
    return primary(primary_ctx->primary());
  }
  if (auto* negate = dynamic_cast<RxrParser::NegateExprContext*>(ctx)) {
    auto out = node(K::kNegate, ctx);
    out->operands.push_back(expr(negate->expr()));
    return out;
  }
  if (auto* not_ctx = dynamic_cast<RxrParser::NotExprContext*>(ctx)) {
    auto out = node(K::kNot, ctx);
    out->operands.push_back(expr(not_ctx->expr()));
    return out;
  }
  if (auto* presence = dynamic_cast<RxrParser::PresenceExprContext*>(ctx)) {
    auto out = node(K::kPresence, ctx);
    out->negated = presence->NOT() != nullptr;
    out->tests_missing = presence->MISSING() != nullptr;
    out->operands.push_back(expr(presence->expr()));
    return out;
  }
  if (auto* within = dynamic_cast<RxrParser::WithinExprContext*>(ctx)) {
    auto out = node(K::kWithin, ctx);
    out->negated = within->NOT() != nullptr;
    for (auto* operand : within->expr()) out->operands.push_back(expr(operand));
    return out;
  }
  // The remaining alternatives have two operands (three: if-then-else).
  ast::ExprPtr out;
  std::vector<RxrParser::ExprContext*> operands;
  if (auto* multiply = dynamic_cast<RxrParser::MultiplyExprContext*>(ctx)) {
    out = node(K::kArithmetic, ctx);
    out->arithmetic = multiply->op->getType() == RxrParser::STAR ? ast::ArithmeticOp::kMultiply
                                                                  : ast::ArithmeticOp::kDivide;
    operands = multiply->expr();
  } else if (auto* add = dynamic_cast<RxrParser::AddExprContext*>(ctx)) {
    out = node(K::kArithmetic, ctx);
    out->arithmetic = add->op->getType() == RxrParser::PLUS ? ast::ArithmeticOp::kAdd
                                                             : ast::ArithmeticOp::kSubtract;
    operands = add->expr();
  } else if (auto* otherwise = dynamic_cast<RxrParser::OtherwiseExprContext*>(ctx)) {
    out = node(K::kOtherwise, ctx);
    operands = otherwise->expr();
  } else if (auto* compare = dynamic_cast<RxrParser::CompareExprContext*>(ctx)) {
    out = node(K::kCompare, ctx);
    out->compare = compare_op(compare->op->getType());
    operands = compare->expr();
  } else if (auto* in = dynamic_cast<RxrParser::InExprContext*>(ctx)) {
    out = node(K::kIn, ctx);
    out->negated = in->NOT() != nullptr;
    operands = in->expr();
  } else if (auto* and_ctx = dynamic_cast<RxrParser::AndExprContext*>(ctx)) {
    out = node(K::kAnd, ctx);
    operands = and_ctx->expr();
  } else if (auto* or_ctx = dynamic_cast<RxrParser::OrExprContext*>(ctx)) {
    out = node(K::kOr, ctx);
    operands = or_ctx->expr();
  } else if (auto* conditional = dynamic_cast<RxrParser::ConditionalExprContext*>(ctx)) {
    out = node(K::kConditional, ctx);
    operands = conditional->expr();
  } else {
    throw std::logic_error("expression alternative without a builder");
  }
  for (auto* operand : operands) out->operands.push_back(expr(operand));
  return out;
}

ast::ExprPtr Builder::primary(RxrParser::PrimaryContext* ctx) {
  using K = ast::ExprKind;
  if (auto* limit = dynamic_cast<RxrParser::LimitMultipleContext*>(ctx)) {
    auto out = node(K::kLimitMultiple, ctx);
    out->number = number_value(limit->NUMBER());
    const std::string token = limit->TIMES_LIMIT()->getText();
    out->limit = token.ends_with("LLN") ? ast::Limit::kLower : ast::Limit::kUpper;
    return out;
  }
  if (auto* quantity_ctx = dynamic_cast<RxrParser::QuantityContext*>(ctx)) return quantity(quantity_ctx);
  if (auto* text = dynamic_cast<RxrParser::TextContext*>(ctx)) {
    auto out = node(K::kString, ctx);
    out->text = string_value(text->STRING());
    return out;
  }
  if (auto* boolean = dynamic_cast<RxrParser::BooleanContext*>(ctx)) {
    auto out = node(K::kBool, ctx);
    out->boolean = boolean->TRUE() != nullptr;
    return out;
  }
  if (auto* aggregate = dynamic_cast<RxrParser::AggregateContext*>(ctx)) {
    auto out = node(K::kAggregate, ctx);
    out->function = aggregate->IDENT(0)->getText();
    out->variable = aggregate->IDENT(1)->getText();
    for (auto* list : aggregate->lists) out->operands.push_back(path(list));
    if (aggregate->condition != nullptr) out->where = expr(aggregate->condition);
    if (aggregate->selected != nullptr) out->select = expr(aggregate->selected);
    return out;
  }
  if (auto* call = dynamic_cast<RxrParser::CallContext*>(ctx)) {
    auto out = node(K::kCall, ctx);
    out->function = call->IDENT()->getText();
    for (auto* argument : call->expr()) out->operands.push_back(expr(argument));
    return out;
  }
  if (auto* reference = dynamic_cast<RxrParser::PathRefContext*>(ctx)) return path(reference->path());
  if (auto* list = dynamic_cast<RxrParser::ListLiteralContext*>(ctx)) {
    auto out = node(K::kList, ctx);
    for (auto* item : list->expr()) out->operands.push_back(expr(item));
    return out;
  }
  if (auto* parens = dynamic_cast<RxrParser::ParensContext*>(ctx)) return expr(parens->expr());
  throw std::logic_error("primary alternative without a builder");
}

ast::ExprPtr Builder::quantity(RxrParser::QuantityContext* ctx) {
  auto out = node(ast::ExprKind::kNumber, ctx);
  out->number = number_value(ctx->NUMBER());
  if (ctx->unit() != nullptr) {
    ast::Named u = unit(ctx->unit());
    out->unit = std::move(u.name);
    out->unit_span = u.span;
  }
  return out;
}

ast::ExprPtr Builder::path(RxrParser::PathContext* ctx) {
  auto out = node(ast::ExprKind::kPath, ctx);
  out->path.push_back(ctx->IDENT()->getText());
  for (auto* segment : ctx->name()) out->path.push_back(segment->getText());
  return out;
}

ast::Named Builder::unit(RxrParser::UnitContext* ctx) { return {ctx->getText(), span(ctx)}; }

}  // namespace rxr::syntax
