#include "syntax/source.h"

namespace rxr::syntax {

std::string_view SourceFile::line(uint32_t number) const {
  std::string_view rest = text;
  for (uint32_t i = 1; i < number; ++i) {
    const std::size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) return {};
    rest.remove_prefix(newline + 1);
  }
  std::string_view line = rest.substr(0, rest.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

FileId SourceSet::add(std::string name, std::string text) {
  files_.push_back({std::move(name), std::move(text)});
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace rxr::syntax
