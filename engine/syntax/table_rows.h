// Table rows end at the end of their line. The expression grammar alone
// cannot know that: after "-> 28", a next row "< 45 kg -> 9" reads as the
// comparison "28 < 45 kg". So between lexing and parsing, a ROW_END token
// is put where a line break ends a row inside a table's braces.
#pragma once

#include <memory>
#include <vector>

#include "antlr4-runtime.h"

namespace rxr::syntax {

// `tokens`: every token of a file, in order, ending with EOF. Returns them
// with ROW_END tokens inserted: inside a table's braces, before a token on a
// later line than the last default-channel token, unless that token leaves
// the row open (a comma, an arrow, an operator, an open bracket) or opened
// the table's braces.
std::vector<std::unique_ptr<antlr4::Token>> mark_row_ends(std::vector<std::unique_ptr<antlr4::Token>> tokens);

}  // namespace rxr::syntax
