#include "syntax/parse.h"

#include <algorithm>
#include <deque>
#include <memory>

#include <fmt/format.h>

#include "RxrLexer.h"
#include "RxrParser.h"
#include "antlr4-runtime.h"
#include "syntax/builder.h"
#include "syntax/table_rows.h"
#include "text/utf8.h"

namespace rxr::syntax {

using grammar::RxrLexer;
using grammar::RxrParser;

namespace {

// How a token is named in "expected ..." lists: words a pharmacist knows.
std::string describe_token(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
  switch (type) {
    case RxrParser::IDENT: return "a name";
    case RxrParser::STRING: return "a \"string\"";
    case RxrParser::NUMBER: return "a number";
    case RxrParser::UNIT: return "a unit";
    case RxrParser::ROW_END: return "the end of the row";
    case antlr4::Token::EOF: return "the end of the file";
    default: return vocabulary.getDisplayName(type);
  }
}

std::string describe_found(antlr4::Token* token) {
  if (token == nullptr) return "input";
  if (token->getType() == antlr4::Token::EOF) return "the end of the file";
  if (token->getType() == RxrParser::ROW_END) return "the end of the row";
  const std::string text = token->getText();
  // Control characters are named, not echoed: a terminal would act on them.
  if (const auto point = text::first_code_point(text); point && text::is_control(point->value)) {
    return fmt::format("control character U+{:04X}", static_cast<uint32_t>(point->value));
  }
  return fmt::format("'{}'", text);
}

// Replaces ANTLR's console listener: syntax errors become diagnostics with
// a location, in words, and a hint for the mistakes pharmacists make most.
class DiagnosticListener : public antlr4::BaseErrorListener {
 public:
  DiagnosticListener(FileId file, Diagnostics& diagnostics, std::optional<Span> origin = {})
      : file_(file), diagnostics_(diagnostics), origin_(origin) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string&, std::exception_ptr) override {
    Span span{file_, static_cast<uint32_t>(line), static_cast<uint32_t>(column) + 1, 1};
    if (offending != nullptr && offending->getType() != antlr4::Token::EOF &&
        offending->getType() != RxrParser::ROW_END) {
      span.length = static_cast<uint32_t>(std::max<size_t>(1, offending->getText().size()));
    }
    if (origin_) {
      span.file = origin_->file;
      span.line = origin_->line;
      span.column += origin_->column - 1;
    }
    std::string message = fmt::format("unexpected {}", describe_found(offending));
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
      const auto expected = parser->getExpectedTokens().toList();
      if (!expected.empty() && expected.size() <= 4) {
        std::vector<std::string> words;
        for (auto type : expected) words.push_back(describe_token(parser->getVocabulary(), type));
        message += fmt::format("; expected {}", fmt::join(words, " or "));
      }
    }
    diagnostics_.error(span, std::move(message), hint_for(offending));
  }

 private:
  static std::string hint_for(antlr4::Token* token) {
    if (token == nullptr) return {};
    const std::string text = token->getText();
    if (token->getType() == RxrParser::UNIT && text.find('/') != std::string::npos && text[0] != '/') {
      return "a unit follows a number (0.8 mg/m2); to divide, put spaces around '/'";
    }
    if (text == "\"") return "a string must be closed with \" on the same line";
    if (text == "=") return "compare with '==' ('=' only names a value in let and const)";
    if (text == "&&" || text == "&") return "write 'and'";
    if (text == "||") return "write 'or'";
    if (const auto point = text::first_code_point(text); point && point->value >= 0x80) {
      return fmt::format("'{}' is U+{:04X}, not an ASCII character: names, units and keywords are "
                         "written in ASCII (is it a look-alike of a Latin letter?)",
                         text, static_cast<uint32_t>(point->value));
    }
    return {};
  }

  FileId file_;
  Diagnostics& diagnostics_;
  std::optional<Span> origin_;
};

// One ANTLR pipeline over one piece of text: lexed whole (errors go to
// `listener`), table row ends marked, then parsed. Parse trees belong to
// their parser, so the pipeline must live as long as the tree is read.
struct Pipeline {
  Pipeline(std::string_view text, antlr4::ANTLRErrorListener& listener)
      : input(std::string(text)), lexer(&input), rows(lex(lexer, listener)), tokens(&rows), parser(&tokens) {
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
  }
  static std::vector<std::unique_ptr<antlr4::Token>> lex(RxrLexer& lexer, antlr4::ANTLRErrorListener& listener) {
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    return mark_row_ends(lexer.getAllTokens());
  }
  antlr4::ANTLRInputStream input;
  RxrLexer lexer;
  antlr4::ListTokenSource rows;
  antlr4::CommonTokenStream tokens;
  RxrParser parser;
};

bool opens(size_t type) {
  return type == RxrParser::LPAREN || type == RxrParser::LBRACKET || type == RxrParser::LBRACE;
}
bool closes(size_t type) {
  return type == RxrParser::RPAREN || type == RxrParser::RBRACKET || type == RxrParser::RBRACE;
}
bool is_operator(size_t type) {
  switch (type) {
    case RxrParser::AND: case RxrParser::OR: case RxrParser::NOT: case RxrParser::IN:
    case RxrParser::WITHIN: case RxrParser::OTHERWISE: case RxrParser::PLUS:
    case RxrParser::MINUS: case RxrParser::STAR: case RxrParser::SLASH: case RxrParser::LT:
    case RxrParser::LE: case RxrParser::GT: case RxrParser::GE: case RxrParser::EQ:
    case RxrParser::NE: case RxrParser::IF: case RxrParser::THEN: case RxrParser::ELSE:
      return true;
    default:
      return false;
  }
}
bool starts_part(size_t type) {
  switch (type) {
    case RxrParser::PACK: case RxrParser::DRUG: case RxrParser::SOURCE: case RxrParser::NOTICE:
    case RxrParser::IMPORT: case RxrParser::POLICY: case RxrParser::CONST: case RxrParser::LET:
    case RxrParser::LIST: case RxrParser::SALTS: case RxrParser::FORMS: case RxrParser::TABLE: case RxrParser::RULE:
    case RxrParser::FIELD: case RxrParser::EXTEND: case RxrParser::DERIVE:
    case RxrParser::CATEGORY: case RxrParser::SEVERITY: case RxrParser::WHEN:
    case RxrParser::MESSAGE: case RxrParser::CITE: case RxrParser::COMMA: case RxrParser::ARROW:
      return true;
    default:
      return false;
  }
}

// The parser and the builder recurse once per nesting level and per operator;
// bounding both keeps hostile rule text from exhausting the stack.
bool within_limits(antlr4::CommonTokenStream& tokens, FileId file, const ParseLimits& limits,
                   Diagnostics& diagnostics) {
  std::size_t depth = 0;
  std::size_t operators = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    const size_t type = token->getType();
    const Span span{file, static_cast<uint32_t>(token->getLine()),
                    static_cast<uint32_t>(token->getCharPositionInLine()) + 1, 1};
    if (opens(type) && ++depth > limits.max_nesting) {
      diagnostics.error(span, fmt::format("brackets are nested more than {} deep", limits.max_nesting),
                        "split the expression with 'let'");
      return false;
    }
    if (closes(type) && depth > 0) --depth;
    if (starts_part(type)) operators = 0;
    if (is_operator(type) && ++operators > limits.max_operators) {
      diagnostics.error(span, fmt::format("expression has more than {} operators", limits.max_operators),
                        "split the expression with 'let'");
      return false;
    }
  }
  return true;
}

// Offset of the first character that reorders how text is displayed
// ("Trojan Source"), or npos. `text` is valid UTF-8.
std::size_t first_bidi_control(std::string_view text) {
  for (std::size_t i = text.find('\xE2'); i != std::string_view::npos; i = text.find('\xE2', i + 1)) {
    const auto point = text::first_code_point(text.substr(i));
    if (point && ((point->value >= 0x202A && point->value <= 0x202E) ||
                  (point->value >= 0x2066 && point->value <= 0x2069))) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

ast::File parse_file(const SourceSet& sources, FileId file, Diagnostics& diagnostics,
                     const ParseLimits& limits) {
  const SourceFile& source = sources.file(file);
  if (source.text.size() > limits.max_file_bytes) {
    diagnostics.error({file, 1, 1, 1},
                      fmt::format("rule file is {} bytes; the limit is {}", source.text.size(),
                                  limits.max_file_bytes),
                      "split it into files joined with 'import'");
    return {};
  }
  // ANTLR's input stream throws on bytes that are not UTF-8: say where they are instead.
  if (const std::size_t bad = text::first_invalid_utf8(source.text); bad != std::string::npos) {
    diagnostics.error(sources.span_at(file, bad),
                      fmt::format("byte 0x{:02X} is not valid UTF-8",
                                  static_cast<unsigned char>(source.text[bad])),
                      "save the rule file as UTF-8");
    return {};
  }
  if (const std::size_t hidden = first_bidi_control(source.text); hidden != std::string::npos) {
    diagnostics.error(sources.span_at(file, hidden),
                      "a bidirectional control character (U+202A-U+202E, U+2066-U+2069) is not allowed",
                      "it can make a rule read differently from how it runs; delete it");
    return {};
  }
  const std::size_t errors_before = diagnostics.size();
  DiagnosticListener listener(file, diagnostics);
  Pipeline main(source.text, listener);
  main.tokens.fill();
  if (!within_limits(main.tokens, file, limits, diagnostics)) return {};

  RxrParser::FileContext* tree = main.parser.file();
  if (diagnostics.size() > errors_before) return {};

  std::deque<Pipeline> placeholder_pipelines;
  std::deque<DiagnosticListener> placeholder_listeners;
  auto parse_placeholder = [&](std::string_view text, Span origin) -> RxrParser::PlaceholderContext* {
    DiagnosticListener& l = placeholder_listeners.emplace_back(file, diagnostics, origin);
    Pipeline& p = placeholder_pipelines.emplace_back(text, l);
    p.tokens.fill();
    if (!within_limits(p.tokens, file, limits, diagnostics)) return nullptr;
    const std::size_t before = diagnostics.size();
    RxrParser::PlaceholderContext* placeholder = p.parser.placeholder();
    return diagnostics.size() > before ? nullptr : placeholder;
  };
  Builder builder(file, diagnostics, parse_placeholder, limits.max_depth);
  ast::File parsed = builder.file(tree);
  parsed.name = source.name;
  return parsed;
}

}  // namespace rxr::syntax
