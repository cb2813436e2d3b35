// "Did you mean ...?" for names a pharmacist mistyped.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace rxr::compile {

// Edit-distance work a pack may spend on suggestions, in cells of the
// distance table: about 10 ms, enough for dozens of unknown names in a real
// pack. Suggestions are a courtesy: without a bound, a rule file with
// thousands of unknown names and thousands of declared ones would take
// minutes to check.
inline constexpr std::size_t kSuggestionBudget = 4'000'000;

// The candidate nearest to `word` by edit distance, or "" when none is close
// enough to be a plausible typo. Each comparison spends |word| x |candidate|
// + 1 of `budget`; once a comparison would overrun it, the budget is spent and
// no more candidates are compared, in this call or later ones.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates,
                         std::size_t& budget);

}  // namespace rxr::compile
