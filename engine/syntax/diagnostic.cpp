#include "syntax/diagnostic.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace rxr::syntax {

void Diagnostics::error(Span span, std::string message, std::string hint) {
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

}  // namespace

std::string render(const Diagnostic& d, const SourceSet& sources) {
  std::string out = location(d, sources) + '\n';
  if (d.span.file < sources.size()) {
    const std::string_view line = sources.file(d.span.file).line(d.span.line);
    if (!line.empty()) {
      out += fmt::format("  {}\n  {}\n", line, caret_line(line, d.span.column, d.span.length));
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
  return out;
}

std::string render_all(const Diagnostics& diagnostics, const SourceSet& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += render(d, sources);
  return out;
}

}  // namespace rxr::syntax
