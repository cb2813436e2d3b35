#include "syntax/table_rows.h"

#include "RxrLexer.h"

namespace rxr::syntax {

using grammar::RxrLexer;

namespace {

// A line that ends with one of these continues the row on the next line.
bool leaves_row_open(size_t type) {
  switch (type) {
    case RxrLexer::COMMA: case RxrLexer::ARROW: case RxrLexer::BAR: case RxrLexer::RANGE:
    case RxrLexer::LPAREN: case RxrLexer::LBRACKET: case RxrLexer::LBRACE:
    case RxrLexer::PLUS: case RxrLexer::MINUS: case RxrLexer::STAR: case RxrLexer::SLASH:
    case RxrLexer::LT: case RxrLexer::LE: case RxrLexer::GT: case RxrLexer::GE:
    case RxrLexer::EQ: case RxrLexer::NE: case RxrLexer::AND: case RxrLexer::OR: case RxrLexer::NOT:
    case RxrLexer::IN: case RxrLexer::IS: case RxrLexer::WITHIN: case RxrLexer::OF:
    case RxrLexer::OTHERWISE: case RxrLexer::IF: case RxrLexer::THEN: case RxrLexer::ELSE:
      return true;
    default:
      return false;
  }
}

std::unique_ptr<antlr4::Token> row_end_after(const antlr4::Token& last) {
  auto token = std::make_unique<antlr4::CommonToken>(RxrLexer::ROW_END, "end of the row");
  token->setLine(last.getLine());
  token->setCharPositionInLine(last.getCharPositionInLine() + last.getText().size());
  return token;
}

}  // namespace

std::vector<std::unique_ptr<antlr4::Token>> mark_row_ends(std::vector<std::unique_ptr<antlr4::Token>> tokens) {
  std::vector<std::unique_ptr<antlr4::Token>> out;
  out.reserve(tokens.size() + tokens.size() / 8);
  bool after_table = false;  // between the word `table` and its braces
  std::size_t depth = 0;     // brackets open inside the table's braces; 0: outside a table
  const antlr4::Token* last = nullptr;  // the last default-channel token
  for (auto& token : tokens) {
    const size_t type = token->getType();
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
      out.push_back(std::move(token));
      continue;
    }
    if (depth == 1 && last != nullptr && token->getLine() > last->getLine() && !leaves_row_open(last->getType()) &&
        type != antlr4::Token::EOF) {
      out.push_back(row_end_after(*last));
    }
    if (type == RxrLexer::TABLE) after_table = true;
    if (type == RxrLexer::LBRACE && after_table) {
      after_table = false;
      depth = 1;
    } else if (depth > 0) {
      if (type == RxrLexer::LBRACE || type == RxrLexer::LPAREN || type == RxrLexer::LBRACKET) ++depth;
      if (type == RxrLexer::RBRACE || type == RxrLexer::RPAREN || type == RxrLexer::RBRACKET) --depth;
    }
    out.push_back(std::move(token));
    last = out.back().get();
  }
  return out;
}

}  // namespace rxr::syntax
