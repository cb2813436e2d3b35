#include "syntax/layout.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "RxrLexer.h"
#include "RxrParser.h"
#include "syntax/table_rows.h"
#include "antlr4-runtime.h"
#include "text/utf8.h"

namespace rxr::syntax {

using antlr4::Token;
using grammar::RxrLexer;
using grammar::RxrParser;

namespace {

constexpr int kIndent = 2;  // per block level, and for continuing a construct that has no anchor

// What the parse tree says about one token, for laying it out.
struct Role {
  int construct_depth = -1;   // starts a construct (declaration, rule part, table row) at this block depth
  bool block_declaration = false;  // (on a construct start) a rule or a table
  bool opens_block = false;   // the '{' of a rule or table
  bool closes_block = false;  // its '}'
  bool glued = false;         // stays on the line of the token before it (unless a comment ends that line)
  bool tight_before = false;  // no space before it
  bool tight_after = false;   // no space after it
  bool anchor = false;        // lines continuing its construct start at its column
  bool has_anchor = false;    // (on a construct start) the construct has an anchor token
  bool clause = false;        // 'where' or 'select' of an aggregate: its condition is aligned after it
  bool bracket = false;       // '(' '[' ')' ']' that group (not the [] of a field path)
  int row = -1;               // (on a table row's first token) the row's index
  std::size_t row_end = 0;    // and its last token
};

std::string rstrip(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  return text;
}

int width(std::string_view text) { return static_cast<int>(text::character_count(text)); }

std::string padded(const std::string& text, int to) {
  return text + std::string(static_cast<std::size_t>(std::max(0, to - width(text))), ' ');
}

// "1.5 x ULN", whatever white space the author put between x and ULN.
std::string token_text(Token* token) {
  std::string text = token->getText();
  if (token->getType() != RxrLexer::TIMES_LIMIT) return text;
  const std::string limit = text.substr(text.size() - 3);
  std::string times = text.substr(0, text.size() - 3);
  times = rstrip(std::move(times));
  return times + " " + limit;
}

// The tokens and comments of rule text: what a layout must keep.
std::vector<std::pair<std::size_t, std::string>> significant_tokens(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  RxrLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  std::vector<std::pair<std::size_t, std::string>> kept;
  for (Token* token : tokens.getTokens()) {
    if (token->getType() == RxrLexer::WS || token->getType() == Token::EOF) continue;
    kept.emplace_back(token->getType(),
                      token->getType() == RxrLexer::COMMENT ? rstrip(token->getText()) : token_text(token));
  }
  return kept;
}

// Reads the parse tree into a Role per token.
class Annotator {
 public:
  explicit Annotator(antlr4::CommonTokenStream& tokens) : tokens_(tokens), roles_(tokens.size()) {}

  void file(RxrParser::FileContext* tree) {
    for (Token* token : tokens_.getTokens()) {
      const std::size_t type = token->getType();
      roles_[token->getTokenIndex()].bracket = type == RxrParser::LPAREN || type == RxrParser::LBRACKET ||
                                               type == RxrParser::RPAREN || type == RxrParser::RBRACKET;
    }
    walk(tree);
    for (auto* declaration : tree->declaration()) this->declaration(declaration);
  }

  const std::vector<Role>& roles() const { return roles_; }

  // Each table row's text, its patterns in columns aligned across its table.
  // A row with a comment inside is laid out token by token instead.
  std::vector<std::string> row_texts() const {
    std::vector<std::string> texts(rows_.size());
    for (const auto& table : tables_) {
      std::vector<int> columns;
      for (const std::size_t r : table) {
        for (std::size_t i = 0; i < rows_[r].cells.size(); ++i) {
          if (columns.size() <= i) columns.push_back(0);
          columns[i] = std::max(columns[i], width(rows_[r].cells[i]));
        }
      }
      std::vector<std::string> patterns;
      int patterns_width = 0;
      for (const std::size_t r : table) {
        std::string line;
        for (std::size_t i = 0; i < rows_[r].cells.size(); ++i) line += padded(rows_[r].cells[i], columns[i]) + " ";
        patterns.push_back(rstrip(line));
        patterns_width = std::max(patterns_width, width(patterns.back()));
      }
      for (std::size_t k = 0; k < table.size(); ++k) {
        texts[table[k]] = padded(patterns[k], patterns_width) + " " + rows_[table[k]].result;
      }
    }
    return texts;
  }

  bool spaced(std::size_t before, std::size_t after) const {
    if (roles_[before].tight_after || roles_[after].tight_before) return false;
    const std::size_t left = tokens_.get(before)->getType();
    const std::size_t right = tokens_.get(after)->getType();
    if (right == RxrParser::COMMA || right == RxrParser::RPAREN || right == RxrParser::RBRACKET ||
        right == RxrParser::DOT || right == RxrParser::COLON) {
      return false;
    }
    if (left == RxrParser::LPAREN || left == RxrParser::LBRACKET || left == RxrParser::DOT) return false;
    return !(right == RxrParser::LPAREN && left == RxrParser::IDENT);  // a call: f(x)
  }

  // The tokens from `first` to `last`, on one line.
  std::string one_line(std::size_t first, std::size_t last) const {
    std::string text;
    std::optional<std::size_t> before;
    for (std::size_t i = first; i <= last; ++i) {
      Token* token = tokens_.get(i);
      if (token->getChannel() != Token::DEFAULT_CHANNEL) continue;
      if (before && spaced(*before, i)) text += ' ';
      text += token_text(token);
      before = i;
    }
    return text;
  }

 private:
  struct Row {
    std::vector<std::string> cells;  // each pattern with its comma
    std::string result;              // "-> expr"
  };

  static std::size_t at(antlr4::tree::TerminalNode* node) { return node->getSymbol()->getTokenIndex(); }
  static std::size_t first(antlr4::ParserRuleContext* ctx) { return ctx->getStart()->getTokenIndex(); }
  static std::size_t last(antlr4::ParserRuleContext* ctx) { return ctx->getStop()->getTokenIndex(); }

  // A construct begins at `start`; its first line runs at least to `head_end`.
  void construct(std::size_t start, std::size_t head_end, int depth, std::optional<std::size_t> anchor = {}) {
    roles_[start].construct_depth = depth;
    for (std::size_t i = start + 1; i <= head_end; ++i) roles_[i].glued = true;
    if (anchor) {
      roles_[*anchor].anchor = true;
      roles_[start].has_anchor = true;
    }
  }

  void block(antlr4::tree::TerminalNode* open, antlr4::tree::TerminalNode* close) {
    roles_[at(open)].opens_block = true;
    roles_[at(close)].closes_block = true;
  }

  void declaration(RxrParser::DeclarationContext* ctx) {
    const std::size_t start = first(ctx);
    if (auto* rule = dynamic_cast<RxrParser::RuleDeclContext*>(ctx)) {
      construct(start, at(rule->LBRACE()), 0);
      roles_[start].block_declaration = true;
      block(rule->LBRACE(), rule->RBRACE());
      for (auto* part : rule->rulePart()) rule_part(part);
    } else if (auto* table = dynamic_cast<RxrParser::TableDeclContext*>(ctx)) {
      construct(start, at(table->LBRACE()), 0);
      roles_[start].block_declaration = true;
      block(table->LBRACE(), table->RBRACE());
      auto& rows = tables_.emplace_back();
      for (auto* row : table->tableRow()) {
        // A row's text ends with its value: its ROW_END follows the comments after it.
        const std::size_t row_last = last(row->expr());
        construct(first(row), row_last, 1);
        if (has_comment(first(row), row_last)) continue;
        roles_[first(row)].row = static_cast<int>(rows_.size());
        roles_[first(row)].row_end = row_last;
        rows.push_back(rows_.size());
        rows_.push_back(table_row(row));
      }
    } else if (auto* let = dynamic_cast<RxrParser::LetDeclContext*>(ctx)) {
      construct(start, first(let->expr()), 0, first(let->expr()));
    } else if (auto* constant = dynamic_cast<RxrParser::ConstDeclContext*>(ctx)) {
      construct(start, first(constant->expr()), 0, first(constant->expr()));
    } else if (auto* derive = dynamic_cast<RxrParser::DeriveDeclContext*>(ctx)) {
      construct(start, first(derive->expr()), 0, first(derive->expr()));
    } else if (auto* drug = dynamic_cast<RxrParser::DrugDeclContext*>(ctx); drug && drug->AKA()) {
      construct(start, at(drug->STRING(1)), 0, at(drug->STRING(1)));
    } else if (auto* salts = dynamic_cast<RxrParser::SaltsDeclContext*>(ctx)) {
      construct(start, at(salts->STRING(0)), 0, at(salts->STRING(0)));
    } else if (auto* forms = dynamic_cast<RxrParser::FormsDeclContext*>(ctx)) {
      construct(start, at(forms->STRING(0)), 0, at(forms->STRING(0)));
    } else if (auto* notice = dynamic_cast<RxrParser::NoticeDeclContext*>(ctx)) {
      construct(start, at(notice->STRING(0)), 0, at(notice->STRING(0)));
    } else if (auto* list = dynamic_cast<RxrParser::ListDeclContext*>(ctx)) {
      construct(start, at(list->LBRACKET()), 0);
    } else if (auto* field = dynamic_cast<RxrParser::FieldDeclContext*>(ctx)) {
      construct(start, first(field->fieldType()), 0);
    } else if (auto* extend = dynamic_cast<RxrParser::ExtendDeclContext*>(ctx)) {
      construct(start, at(extend->STRING(0)), 0);
    } else {
      construct(start, last(ctx), 0);  // pack, drug, source, import, category, recent: one line each
    }
  }

  void rule_part(RxrParser::RulePartContext* ctx) {
    const std::size_t start = first(ctx);
    if (auto* when = dynamic_cast<RxrParser::WhenPartContext*>(ctx)) {
      construct(start, first(when->expr()), 1, first(when->expr()));
    } else if (auto* let = dynamic_cast<RxrParser::LetPartContext*>(ctx)) {
      construct(start, first(let->expr()), 1, first(let->expr()));
    } else if (auto* message = dynamic_cast<RxrParser::MessagePartContext*>(ctx)) {
      construct(start, at(message->STRING(0)), 1, at(message->STRING(0)));
    } else if (auto* missing = dynamic_cast<RxrParser::MissingMessagePartContext*>(ctx)) {
      construct(start, at(missing->STRING(0)), 1, at(missing->STRING(0)));
    } else {
      construct(start, last(ctx), 1);  // category, severity, cite: one line each
    }
  }

  Row table_row(RxrParser::TableRowContext* row) const {
    Row laid_out;
    const auto patterns = row->pattern();
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      const std::size_t end = i + 1 < patterns.size() ? at(row->COMMA(i)) : last(patterns[i]);
      laid_out.cells.push_back(one_line(first(patterns[i]), end));
    }
    laid_out.result = one_line(at(row->ARROW()), last(row->expr()));  // not its ROW_END
    return laid_out;
  }

  bool has_comment(std::size_t first, std::size_t last) const {
    for (std::size_t i = first; i <= last; ++i) {
      if (tokens_.get(i)->getType() == RxrLexer::COMMENT) return true;
    }
    return false;
  }

  void glue_after_first(antlr4::ParserRuleContext* ctx) {
    for (std::size_t i = first(ctx) + 1; i <= last(ctx); ++i) roles_[i].glued = true;
  }

  void walk(antlr4::tree::ParseTree* node) {
    if (auto* negate = dynamic_cast<RxrParser::NegateExprContext*>(node)) {
      roles_[at(negate->MINUS())].tight_after = true;
    } else if (auto* literal = dynamic_cast<RxrParser::LiteralContext*>(node); literal && literal->MINUS()) {
      roles_[at(literal->MINUS())].tight_after = true;
    } else if (auto* mark = dynamic_cast<RxrParser::ListMarkContext*>(node)) {
      for (auto* bracket : {mark->LBRACKET(), mark->RBRACKET()}) {
        Role& role = roles_[at(bracket)];
        role = Role{};
        role.glued = role.tight_before = true;
      }
    } else if (auto* field_path = dynamic_cast<RxrParser::FieldPathContext*>(node)) {
      glue_after_first(field_path);
    } else if (auto* path = dynamic_cast<RxrParser::PathContext*>(node)) {
      glue_after_first(path);
    } else if (auto* unit = dynamic_cast<RxrParser::UnitContext*>(node)) {
      roles_[first(unit)].glued = true;
    } else if (auto* range = dynamic_cast<RxrParser::RangePatternContext*>(node)) {
      roles_[at(range->RANGE())].tight_before = roles_[at(range->RANGE())].tight_after = true;
    } else if (auto* limit = dynamic_cast<RxrParser::LimitMultipleContext*>(node)) {
      roles_[at(limit->TIMES_LIMIT())].glued = true;
    } else if (auto* aggregate = dynamic_cast<RxrParser::AggregateContext*>(node)) {
      if (aggregate->WHERE()) roles_[at(aggregate->WHERE())].clause = true;
      if (aggregate->SELECT()) roles_[at(aggregate->SELECT())].clause = true;
    }
    for (auto* child : node->children) walk(child);
  }

  antlr4::CommonTokenStream& tokens_;
  std::vector<Role> roles_;
  std::vector<Row> rows_;
  std::vector<std::vector<std::size_t>> tables_;  // row indexes of each table
};

// Prints the tokens with the roles the annotator gave them.
class Printer {
 public:
  Printer(antlr4::CommonTokenStream& tokens, const Annotator& annotator)
      : tokens_(tokens), annotator_(annotator), roles_(annotator.roles()), rows_(annotator.row_texts()) {}

  std::string print() {
    int newlines = 0;
    bool after_comment = false;
    for (Token* token : tokens_.getTokens()) {
      const std::size_t type = token->getType();
      if (type == Token::EOF) break;
      if (type == RxrLexer::ROW_END) continue;  // a line break does its work
      if (type == RxrLexer::WS) {
        const std::string space = token->getText();
        newlines += static_cast<int>(std::count(space.begin(), space.end(), '\n'));
        continue;
      }
      if (type == RxrLexer::COMMENT) {
        std::string text = rstrip(token->getText());
        if (newlines == 0 && open_) {
          append("  " + text);  // a comment after code stays on its line
          end_line();
          after_comment = true;
        } else {
          if (open_) end_line();
          pending_.push_back({newlines >= 2, std::move(text)});
        }
        newlines = 0;
        continue;
      }
      if (token->getTokenIndex() > skip_through_ || skip_through_ == kNone) {
        place(token->getTokenIndex(), newlines, after_comment);
        after_comment = false;
      }
      newlines = 0;
    }
    flush(0, false, false);
    if (open_) end_line();
    std::string text;
    for (const std::string& line : lines_) text += line + "\n";
    return text;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // Where the lines continuing a construct, a bracket or a where/select clause start.
  struct Frame {
    int anchor = -1;   // column of the first token after the opener; -1 until it is placed
    int fallback = 0;  // used while there is no anchor (the opener ended its line)
    int opener_indent = 0;
    bool bracket = false;
    bool clause = false;
  };
  struct Comment {
    bool blank_before;
    std::string text;
  };
  enum class Last { kNothing, kBlockOpen, kOther };

  void place(std::size_t i, int newlines, bool after_comment) {
    const Role& role = roles_[i];
    const std::size_t type = tokens_.get(i)->getType();
    const bool starts = role.construct_depth >= 0;
    const bool closing = role.bracket && (type == RxrParser::RPAREN || type == RxrParser::RBRACKET);
    std::optional<Frame> closed;
    if (role.clause || closing) {
      while (!frames_.empty() && frames_.back().clause) frames_.pop_back();
    }
    if (closing && !frames_.empty() && frames_.back().bracket) {
      closed = frames_.back();
      frames_.pop_back();
    }
    const bool breaks = starts || role.closes_block || !open_ || after_comment || !pending_.empty() ||
                        (newlines > 0 && !role.glued);
    if (breaks) {
      int indent = 0;
      int comment_indent = 0;
      if (starts) {
        indent = comment_indent = kIndent * role.construct_depth;
        frames_.assign(1, role.has_anchor ? Frame{-1, indent + 2 * kIndent} : Frame{indent + kIndent});
      } else if (role.closes_block) {
        comment_indent = kIndent;
        frames_.assign(1, Frame{kIndent});
      } else if (closed) {
        indent = closed->opener_indent;
        comment_indent = closed->anchor >= 0 ? closed->anchor : closed->fallback;
      } else {
        indent = comment_indent = continuation();
      }
      const bool separate = starts && role.construct_depth == 0 && placed_any_ &&
                            (role.block_declaration || last_declaration_was_block_);
      flush(comment_indent, starts && newlines >= 2, separate);
      start_line(indent);
    } else if (annotator_.spaced(previous_, i)) {
      append(" ");
    }
    if (starts && role.construct_depth == 0) last_declaration_was_block_ = role.block_declaration;

    const int column = column_;
    if (!frames_.empty() && frames_.back().anchor < 0 && (frames_.back().bracket || frames_.back().clause)) {
      frames_.back().anchor = column;
    }
    if (role.anchor && !frames_.empty() && frames_.front().anchor < 0) frames_.front().anchor = column;
    if (role.row >= 0) {
      append(rows_[static_cast<std::size_t>(role.row)]);
      skip_through_ = role.row_end;
      previous_ = role.row_end;
    } else {
      append(token_text(tokens_.get(i)));
      previous_ = i;
    }
    if (role.bracket && !closing) frames_.push_back(Frame{-1, line_indent_ + kIndent, line_indent_, true, false});
    if (role.clause) frames_.push_back(Frame{-1, line_indent_ + kIndent, line_indent_, false, true});
    last_ = role.opens_block ? Last::kBlockOpen : Last::kOther;
    placed_any_ = true;
  }

  int continuation() const {
    if (frames_.empty()) return kIndent;
    return frames_.back().anchor >= 0 ? frames_.back().anchor : frames_.back().fallback;
  }

  // Prints the comments waiting for the next token, and the blank lines kept:
  // at most one, never at the start of the file or of a block, and one
  // always (`separate`) between a rule or table and its neighbours.
  void flush(int comment_indent, bool token_blank, bool separate) {
    if (open_) end_line();
    std::vector<bool> blanks;
    Last last = last_;
    for (const Comment& comment : pending_) {
      blanks.push_back(comment.blank_before && last == Last::kOther);
      last = Last::kOther;
    }
    blanks.push_back(token_blank && last == Last::kOther);
    if (separate && std::find(blanks.begin(), blanks.end(), true) == blanks.end()) blanks.front() = true;
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      if (blanks[k]) lines_.emplace_back();
      start_line(comment_indent);
      append(pending_[k].text);
      end_line();
      last_ = Last::kOther;
    }
    if (blanks.back()) lines_.emplace_back();
    pending_.clear();
  }

  void start_line(int indent) {
    if (open_) end_line();
    line_.assign(static_cast<std::size_t>(indent), ' ');
    column_ = line_indent_ = indent;
    open_ = true;
  }
  void end_line() {
    lines_.push_back(rstrip(std::move(line_)));
    line_.clear();
    open_ = false;
  }
  void append(const std::string& text) {
    line_ += text;
    column_ += width(text);
  }

  antlr4::CommonTokenStream& tokens_;
  const Annotator& annotator_;
  const std::vector<Role>& roles_;
  std::vector<std::string> rows_;
  std::vector<std::string> lines_;
  std::string line_;
  bool open_ = false;
  int column_ = 0;
  int line_indent_ = 0;
  std::vector<Frame> frames_;
  std::vector<Comment> pending_;
  Last last_ = Last::kNothing;
  bool placed_any_ = false;
  bool last_declaration_was_block_ = false;
  std::size_t previous_ = 0;
  std::size_t skip_through_ = kNone;
};

}  // namespace

std::optional<std::string> canonical_layout(const SourceSet& sources, FileId file, Diagnostics& diagnostics,
                                            const ParseLimits& limits) {
  const std::size_t errors_before = diagnostics.size();
  parse_file(sources, file, diagnostics, limits);
  if (diagnostics.size() > errors_before) return std::nullopt;

  const SourceFile& source = sources.file(file);
  antlr4::ANTLRInputStream input(source.text);
  RxrLexer lexer(&input);
  lexer.removeErrorListeners();
  // Parsed as parse_file parses it: table rows end at the end of their line.
  antlr4::ListTokenSource rows(lex_with_row_ends(lexer));
  antlr4::CommonTokenStream tokens(&rows);
  RxrParser parser(&tokens);
  parser.removeErrorListeners();
  tokens.fill();
  Annotator annotator(tokens);
  annotator.file(parser.file());
  Printer printer(tokens, annotator);
  std::string laid_out = printer.print();

  if (significant_tokens(laid_out) != significant_tokens(source.text)) {
    throw std::logic_error(fmt::format("laying out {} would change its tokens or comments", source.name));
  }
  return laid_out;
}

}  // namespace rxr::syntax
