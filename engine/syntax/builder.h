// Private to the syntax layer: turns an ANTLR parse tree into the AST.
#pragma once

#include <functional>

#include "RxrParser.h"
#include "syntax/ast.h"
#include "syntax/diagnostic.h"

namespace rxr::syntax {

// Parses the text of one message placeholder; `origin` is where that text
// starts in the rule file, so its diagnostics point at the right column.
using PlaceholderParser =
    std::function<grammar::RxrParser::PlaceholderContext*(std::string_view text, Span origin)>;

class Builder {
 public:
  Builder(FileId file, Diagnostics& diagnostics, PlaceholderParser placeholders, std::size_t max_depth)
      : file_(file), diagnostics_(diagnostics), placeholders_(std::move(placeholders)), max_depth_(max_depth) {}

  ast::File file(grammar::RxrParser::FileContext* ctx);
  // A placeholder's expression, with spans shifted to `origin`.
  ast::ExprPtr placeholder_expr(grammar::RxrParser::ExprContext* ctx, Span origin);

 private:
  void declaration(grammar::RxrParser::DeclarationContext* ctx, ast::File& out);
  ast::TableDecl table(grammar::RxrParser::TableDeclContext* ctx);
  ast::FieldDecl field_decl(grammar::RxrParser::FieldDeclContext* ctx);
  ast::FieldPath field_path(grammar::RxrParser::FieldPathContext* ctx);
  ast::Bounds bounds(grammar::RxrParser::BoundsContext* ctx);
  ast::TableRow table_row(grammar::RxrParser::TableRowContext* ctx);
  ast::Pattern pattern(grammar::RxrParser::PatternContext* ctx);
  ast::Literal literal(grammar::RxrParser::LiteralContext* ctx);
  ast::RuleDecl rule(grammar::RxrParser::RuleDeclContext* ctx);
  void rule_part(grammar::RxrParser::RulePartContext* ctx, ast::RuleDecl& rule);
  ast::Template message(const std::vector<antlr4::tree::TerminalNode*>& strings);
  ast::ExprPtr expr(grammar::RxrParser::ExprContext* ctx);
  ast::ExprPtr expr_at_depth(grammar::RxrParser::ExprContext* ctx);
  ast::ExprPtr primary(grammar::RxrParser::PrimaryContext* ctx);
  ast::ExprPtr quantity(grammar::RxrParser::QuantityContext* ctx);
  ast::ExprPtr path(grammar::RxrParser::PathContext* ctx);
  ast::Named unit(grammar::RxrParser::UnitContext* ctx);

  ast::ExprPtr node(ast::ExprKind kind, antlr4::ParserRuleContext* ctx);
  ast::Named named(antlr4::tree::TerminalNode* token);
  Span span(antlr4::Token* token) const;
  Span span(antlr4::ParserRuleContext* ctx) const;
  std::string string_value(antlr4::tree::TerminalNode* token);
  double number_value(antlr4::tree::TerminalNode* token);

  FileId file_;
  Diagnostics& diagnostics_;
  PlaceholderParser placeholders_;
  // The tree is built recursively: its depth is bounded, so that neither
  // this nor the compiler after it can exhaust the stack.
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  // While building a placeholder: where its text starts in the rule file.
  std::optional<Span> origin_;
};

}  // namespace rxr::syntax
