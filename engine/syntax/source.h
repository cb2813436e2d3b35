// Rule files as loaded, and spans into them. Diagnostics and the explain
// trace point back at the rule text through these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rxr::syntax {

using FileId = uint32_t;

struct Span {
  FileId file = 0;
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in characters
  uint32_t length = 1;  // characters underlined by the caret
};

struct SourceFile {
  std::string name;  // as shown to the pharmacist and hashed in the fingerprint
  std::string text;
  // Byte offset of each line in `text`, filled by SourceSet::add: rendering
  // each of thousands of diagnostics must not rescan the file from its start.
  std::vector<std::size_t> line_starts;

  // The text of one line, without its line break; empty past the end.
  std::string_view line(uint32_t number) const;
};

// Every file of a pack, owned in one place so spans stay valid.
class SourceSet {
 public:
  FileId add(std::string name, std::string text);
  const SourceFile& file(FileId id) const { return files_[id]; }
  std::size_t size() const { return files_.size(); }
  const std::vector<SourceFile>& files() const { return files_; }
  // Where byte `offset` of a file is, in lines and characters.
  Span span_at(FileId id, std::size_t offset) const;

 private:
  std::vector<SourceFile> files_;
};

}  // namespace rxr::syntax
