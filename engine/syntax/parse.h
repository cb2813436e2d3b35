// The rule-language front end: text in, AST and diagnostics out. ANTLR stays
// behind this header; nothing else in the engine sees parse trees.
#pragma once

#include <cstddef>

#include "syntax/ast.h"
#include "syntax/diagnostic.h"
#include "syntax/source.h"

namespace rxr::syntax {

struct ParseLimits {
  std::size_t max_file_bytes = 1 << 20;  // 1 MiB of rule text per file
  std::size_t max_nesting = 64;          // brackets and parentheses inside each other
  std::size_t max_operators = 512;       // operators in one expression
  std::size_t max_depth = 100;           // operations inside one another in one expression
};

// Parses one file of `sources`. Syntax errors are reported and yield an
// empty File: the checker then has nothing half-built to trip over.
ast::File parse_file(const SourceSet& sources, FileId file, Diagnostics& diagnostics,
                     const ParseLimits& limits = {});

}  // namespace rxr::syntax
