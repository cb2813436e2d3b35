// "Did you mean ...?" for names a pharmacist mistyped.
#pragma once

#include <string_view>
#include <vector>

namespace rxr::compile {

// The candidate nearest to `word` by edit distance, or "" when none is close
// enough to be a plausible typo.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace rxr::compile
