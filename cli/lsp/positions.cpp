#include "cli/lsp/positions.h"

#include "text/utf8.h"

namespace rxr::cli::lsp {

namespace {

// A lead byte of a four-byte UTF-8 sequence: a code point above U+FFFF,
// which UTF-16 writes as a surrogate pair.
bool starts_astral(char c) { return (static_cast<unsigned char>(c) & 0xF8) == 0xF0; }

nlohmann::json position(std::size_t line, std::size_t character) {
  return {{"line", line}, {"character", character}};
}

}  // namespace

std::size_t utf16_units(std::string_view line, std::size_t characters) {
  std::size_t units = 0;
  std::size_t seen = 0;
  for (const char c : line) {
    if (text::continues_sequence(c)) continue;
    if (seen++ == characters) break;
    units += starts_astral(c) ? 2 : 1;
  }
  return units;
}

std::size_t characters_before(std::string_view line, std::size_t units) {
  std::size_t characters = 0;
  std::size_t counted = 0;
  for (const char c : line) {
    if (text::continues_sequence(c)) continue;
    counted += starts_astral(c) ? 2 : 1;
    if (counted > units) break;
    ++characters;
  }
  return characters;
}

std::string_view line_of(std::string_view text, std::size_t line) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  std::string_view rest = text.substr(start);
  rest = rest.substr(0, rest.find('\n'));
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  return rest;
}

namespace {

// The range of `span` on `line`, the text of its (1-based) line.
nlohmann::json range_on(const syntax::Span& span, std::string_view line) {
  const std::size_t number = span.line == 0 ? 0 : span.line - 1;
  const std::size_t column = span.column == 0 ? 0 : span.column - 1;
  return {{"start", position(number, utf16_units(line, column))},
          {"end", position(number, utf16_units(line, column + span.length))}};
}

}  // namespace

nlohmann::json range_of(const syntax::Span& span, std::string_view text) {
  return range_on(span, line_of(text, span.line == 0 ? 0 : span.line - 1));
}

nlohmann::json range_of(const syntax::Span& span, const syntax::SourceFile& file) {
  // The file's line index: hundreds of diagnostics do not rescan a long file.
  return range_on(span, file.line(span.line));
}

}  // namespace rxr::cli::lsp
