// Mistakes in rule text. They are collected, never thrown: a pharmacist
// sees every mistake of a file in one run.
#pragma once

#include <string>
#include <vector>

#include "syntax/source.h"

namespace rxr::syntax {

struct Diagnostic {
  Span span;
  std::string message;
  std::string hint;  // how to fix it; may be empty
};

class Diagnostics {
 public:
  // Errors past this many are counted, not kept: a pharmacist fixes the
  // first ones first, and hostile text can make tens of thousands.
  static constexpr std::size_t kMaxKept = 200;

  void error(Span span, std::string message, std::string hint = {});
  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }  // every error reported, kept or not
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t not_kept() const { return count_ - items_.size(); }
  // No more are kept: work spent on a further diagnostic's hint is lost.
  bool full() const { return items_.size() == kMaxKept; }

  // Diagnostics in file, line, column order: the order a pharmacist reads them.
  void sort();

 private:
  std::vector<Diagnostic> items_;
  std::size_t count_ = 0;
};

// "file:line:col: error: message", the source line, a caret under the
// column and the hint, as compilers print them.
std::string render(const Diagnostic& d, const SourceSet& sources);
// Just "file:line:col: error: message" lines, for the C ABI's error text.
std::string render_brief(const Diagnostics& diagnostics, const SourceSet& sources);
std::string render_all(const Diagnostics& diagnostics, const SourceSet& sources);

}  // namespace rxr::syntax
