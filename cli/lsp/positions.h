// Positions as the language server protocol counts them and as the rule
// language does. LSP: 0-based lines and UTF-16 code units within a line.
// Spans (syntax/source.h): 1-based lines and columns in characters (code
// points). The two differ on any line with a character outside the Basic
// Multilingual Plane, which is one UTF-16 unit pair but one character.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "syntax/source.h"

namespace rxr::cli::lsp {

// UTF-16 code units taken by the first `characters` characters of `line`
// (all of it when it has fewer).
std::size_t utf16_units(std::string_view line, std::size_t characters);

// Characters of `line` before UTF-16 offset `units`; an offset inside a
// surrogate pair or past the end is clamped to the character it falls in
// or to the end, as the protocol asks.
std::size_t characters_before(std::string_view line, std::size_t units);

// The text of 0-based line `line` of `text`, without its line break; empty past the end.
std::string_view line_of(std::string_view text, std::size_t line);

// {"start": {"line", "character"}, "end": ...} for a span of `file`; the end
// stays on the span's line (spans never cross lines).
nlohmann::json range_of(const syntax::Span& span, const syntax::SourceFile& file);
nlohmann::json range_of(const syntax::Span& span, std::string_view text);

}  // namespace rxr::cli::lsp
