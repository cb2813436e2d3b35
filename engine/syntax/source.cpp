#include "syntax/source.h"

#include <algorithm>

#include "text/utf8.h"

namespace rxr::syntax {

std::string_view SourceFile::line(uint32_t number) const {
  if (number == 0 || number > line_starts.size()) return {};
  const std::size_t start = line_starts[number - 1];
  // The next line's start, less its '\n', ends this one: no search along a long line.
  const std::size_t end = number < line_starts.size() ? line_starts[number] - 1 : text.size();
  std::string_view line = std::string_view(text).substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

Span SourceSet::span_at(FileId id, std::size_t offset) const {
  const SourceFile& file = files_[id];
  const auto next_line = std::upper_bound(file.line_starts.begin(), file.line_starts.end(), offset);
  const std::size_t line_start = *(next_line - 1);
  const std::string_view before = std::string_view(file.text).substr(line_start, offset - line_start);
  return {id, static_cast<uint32_t>(next_line - file.line_starts.begin()),
          static_cast<uint32_t>(text::character_count(before)) + 1, 1};
}

FileId SourceSet::add(std::string name, std::string text) {
  std::vector<std::size_t> line_starts{0};
  for (std::size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1)) {
    line_starts.push_back(i + 1);
  }
  files_.push_back({std::move(name), std::move(text), std::move(line_starts)});
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace rxr::syntax
