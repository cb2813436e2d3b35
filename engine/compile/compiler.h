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

// `files` in load order: imported files before the files that import them.
// The pack header and drug come from the last file that has a header: the
// main file, which loads after its imports.
std::unique_ptr<RuleSet> compile_pack(const std::vector<ast::File>& files,
                                      syntax::Diagnostics& diagnostics);

}  // namespace rxr::compile
