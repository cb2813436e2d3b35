#include "syntax/diagnostic.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "text/printable.h"
#include "text/utf8.h"

namespace rxr::syntax {

void Diagnostics::error(Span span, std::string message, std::string hint) {
  ++count_;
  if (items_.size() == kMaxKept) return;
  items_.push_back({span, std::move(message), std::move(hint)});
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.line, a.span.column) <
           std::tie(b.span.file, b.span.line, b.span.column);
  });
}

namespace {

// Messages and hints quote rule text and file names: they are printed as
// text::printable makes them, so that no character in them reaches a
// terminal as a command.
std::string location(const Diagnostic& d, const SourceSet& sources) {
  const std::string& name = d.span.file < sources.size() ? sources.file(d.span.file).name : "?";
  return fmt::format("{}:{}:{}: error: {}", text::printable(name), d.span.line, d.span.column,
                     text::printable(d.message));
}

// The caret line keeps tabs where the source has them so it lines up.
std::string caret_line(std::string_view source_line, uint32_t column, uint32_t length) {
  std::string out;
  uint32_t character = 1;
  for (std::size_t i = 0; i < source_line.size() && character < column; ++i) {
    if (text::continues_sequence(source_line[i])) continue;  // same character
    out += source_line[i] == '\t' ? '\t' : ' ';
    ++character;
  }
  out += '^';
  if (length > 1) out.append(length - 1, '~');
  return out;
}

// Lines longer than this (generated or hostile rule text) are shown as a
// window of this many characters around the caret.
constexpr std::size_t kShownCharacters = 120;
constexpr std::string_view kElided = "...";

struct ShownLine {
  std::string text;
  uint32_t column;  // of the caret, in `text`
  uint32_t length;  // underlined, kept inside `text`
};

// Appends the first `count` characters of `from` as it is safe to print
// them, one character for one so that the caret still lines up: bytes that
// are not UTF-8 and unprintable characters (text/printable.h) become '?'.
void append_shown_characters(std::string_view from, std::size_t count, std::string& out) {
  for (std::size_t i = 0; i < from.size() && count > 0; --count) {
    const auto point = text::first_code_point(from.substr(i));
    const std::size_t bytes = point ? point->bytes : 1;
    if (point && !text::is_unprintable(point->value)) {
      out += from.substr(i, bytes);
    } else {
      out += '?';
    }
    i += bytes;
  }
}

// The line as it is safe to print, cut to a window around the caret when
// long. Only the window is decoded, the rest only counted: one long hostile
// line can carry thousands of diagnostics.
ShownLine shown_line(std::string_view line, uint32_t column, uint32_t length) {
  const std::size_t total = text::character_count(line);
  const std::size_t caret = column > 0 ? column - 1 : 0;  // characters before the caret
  // Half a window before the caret, or earlier when the line ends within the window.
  const std::size_t first = std::min(caret > kShownCharacters / 2 ? caret - kShownCharacters / 2 : 0,
                                     total > kShownCharacters ? total - kShownCharacters : 0);
  const std::size_t count = std::min(total - first, kShownCharacters);
  const std::size_t prefix = first > 0 ? kElided.size() : 0;

  ShownLine shown{std::string(first > 0 ? kElided : ""), 0, 0};
  append_shown_characters(line.substr(text::offset_of_character(line, first)), count, shown.text);
  if (first + count < total) shown.text += kElided;
  shown.column = static_cast<uint32_t>(prefix + std::max(caret, first) - first + 1);
  // The underline stays within the shown characters and the place just past them.
  const std::size_t last_column = prefix + count + 1;
  const std::size_t room = last_column > shown.column ? last_column - shown.column : 1;
  shown.length = static_cast<uint32_t>(std::clamp<std::size_t>(length, 1, room));
  return shown;
}

std::string not_kept_line(const Diagnostics& diagnostics) {
  return fmt::format("... and {} more errors, not shown: fix the first {} and check again",
                     diagnostics.not_kept(), Diagnostics::kMaxKept);
}

}  // namespace

std::string render(const Diagnostic& d, const SourceSet& sources) {
  std::string out = location(d, sources) + '\n';
  if (d.span.file < sources.size()) {
    const std::string_view line = sources.file(d.span.file).line(d.span.line);
    if (!line.empty()) {
      const ShownLine shown = shown_line(line, d.span.column, d.span.length);
      out += fmt::format("  {}\n  {}\n", shown.text, caret_line(shown.text, shown.column, shown.length));
    }
  }
  if (!d.hint.empty()) out += fmt::format("  hint: {}\n", text::printable(d.hint));
  return out;
}

std::string render_brief(const Diagnostics& diagnostics, const SourceSet& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) {
    if (!out.empty()) out += '\n';
    out += location(d, sources);
    if (!d.hint.empty()) out += " (hint: " + text::printable(d.hint) + ")";
  }
  if (diagnostics.not_kept() > 0) out += '\n' + not_kept_line(diagnostics);
  return out;
}

std::string render_all(const Diagnostics& diagnostics, const SourceSet& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += render(d, sources);
  if (diagnostics.not_kept() > 0) out += not_kept_line(diagnostics) + '\n';
  return out;
}

}  // namespace rxr::syntax
