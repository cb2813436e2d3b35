// The canonical layout of rule text, for `rxrules fmt` (docs/rule-language.md,
// "Layout"). Only white space changes: the tokens and comments of the result
// are those of the input, in the same order, so a formatted file loads to the
// same rules.
#pragma once

#include <optional>
#include <string>

#include "syntax/diagnostic.h"
#include "syntax/parse.h"
#include "syntax/source.h"

namespace rxr::syntax {

// `file` of `sources` laid out canonically, or nothing when it does not parse
// (the reasons are added to `diagnostics`). Laying out its own result again
// gives the same text. Throws std::logic_error if the layout would change a
// token or a comment: a file is never rewritten into something else.
std::optional<std::string> canonical_layout(const SourceSet& sources, FileId file, Diagnostics& diagnostics,
                                            const ParseLimits& limits = {});

}  // namespace rxr::syntax
