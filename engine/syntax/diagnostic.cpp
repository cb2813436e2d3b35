#include "syntax/diagnostic.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include <fmt/format.h>

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

std::string location(const Diagnostic& d, const SourceSet& sources) {
  const std::string& name = d.span.file < sources.size() ? sources.file(d.span.file).name : "?";
  return fmt::format("{}:{}:{}: error: {}", name, d.span.line, d.span.column, d.message);
}

// The caret line keeps tabs where the source has them so it lines up.
std::string caret_line(std::string_view source_line, uint32_t column, uint32_t length) {
  std::string out;
  uint32_t character = 1;
  for (std::size_t i = 0; i < source_line.size() && character < column; ++i) {
    const auto byte = static_cast<unsigned char>(source_line[i]);
    if ((byte & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: same character
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

// Up to `count` characters of `line` from byte `start`, as it is safe to
// print them: bytes that are not UTF-8 and control characters (a terminal
// would act on them) become '?'.
std::vector<std::string_view> printable_characters(std::string_view line, std::size_t start, std::size_t count) {
  std::vector<std::string_view> characters;
  for (std::size_t i = start; i < line.size() && characters.size() < count;) {
    const auto point = text::first_code_point(line.substr(i));
    const std::size_t bytes = point ? point->bytes : 1;
    const bool printable = point && (point->value >= 0x20 || point->value == '\t') && point->value != 0x7F;
    characters.push_back(printable ? line.substr(i, bytes) : std::string_view("?"));
    i += bytes;
  }
  return characters;
}

// Skips `first` characters of `line` (all of them when it has fewer,
// lowering `first` to match) and returns the byte offset reached. Characters
// are counted as spans count them: the bytes that do not continue a UTF-8 sequence.
std::size_t skip_characters(std::string_view line, std::size_t& first) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80 && seen++ == first) return i;
  }
  first = seen;
  return line.size();
}

// The line as it is safe to print, cut to a window around the caret when
// long. Only the window is decoded; the characters before it are only
// counted: one long hostile line can carry thousands of diagnostics, and
// decoding all of it for each took minutes (50,000 on a 900 KB line).
ShownLine shown_line(std::string_view line, uint32_t column, uint32_t length) {
  const std::size_t caret = column > 0 ? column - 1 : 0;
  std::size_t first = caret > kShownCharacters / 2 ? caret - kShownCharacters / 2 : 0;
  // One character past the window tells whether the line goes on.
  auto characters = printable_characters(line, skip_characters(line, first), kShownCharacters + 1);
  if (characters.size() < kShownCharacters && first > 0) {
    // The line ends within the window: its last characters fill the window instead.
    const std::size_t total = first + characters.size();
    first = total > kShownCharacters ? total - kShownCharacters : 0;
    characters = printable_characters(line, skip_characters(line, first), kShownCharacters + 1);
  }
  const bool cut_after = characters.size() > kShownCharacters;
  if (cut_after) characters.pop_back();
  ShownLine shown{first > 0 ? std::string(kElided) : std::string(), 0, length};
  for (std::string_view character : characters) shown.text += character;
  if (cut_after) shown.text += kElided;
  const std::size_t prefix = first > 0 ? kElided.size() : 0;
  const std::size_t shown_characters = characters.size();
  shown.column = static_cast<uint32_t>(std::max<std::size_t>(column, first + 1) - first + prefix);
  const std::size_t room = prefix + shown_characters + 1 - std::min<std::size_t>(shown.column, prefix + shown_characters + 1);
  shown.length = static_cast<uint32_t>(std::clamp<std::size_t>(length, 1, std::max<std::size_t>(room, 1)));
  return shown;
}

}  // namespace

namespace {

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
  if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint);
  return out;
}

std::string render_brief(const Diagnostics& diagnostics, const SourceSet& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) {
    if (!out.empty()) out += '\n';
    out += location(d, sources);
    if (!d.hint.empty()) out += " (hint: " + d.hint + ")";
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
