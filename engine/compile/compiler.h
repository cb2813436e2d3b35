// Checks a parsed rule pack (names, types, unit dimensions, rule parts) and
// compiles it into a RuleSet. Every mistake is reported; a pack with any
// error yields no RuleSet.
#pragma once

#include <memory>
#include <vector>

#include "compile/rule_set.h"
#include "syntax/ast.h"
#include "syntax/diagnostic.h"

namespace rxr::compile {

// What a pack may ask of an evaluation, decided when it loads so that no
// request can make a verification run out of stack or time (docs/safety.md).
struct CompileLimits {
  // Operations evaluated inside one another, through the lets (a chain of
  // lets each built on the next) and tables they use: the depth of the
  // compiler's and the evaluator's recursion, which must fit a 256 KB stack.
  std::size_t max_evaluation_depth = 160;
  std::size_t max_table_columns = 8;
  std::size_t max_table_rows = 1000;
};

// `files` in load order: imported files before the files that import them.
// The pack header and drug come from the last file that has a header: the
// main file, which loads after its imports.
std::unique_ptr<RuleSet> compile_pack(const std::vector<ast::File>& files, syntax::Diagnostics& diagnostics,
                                      const CompileLimits& limits = {});

}  // namespace rxr::compile
