// What a regression case file may say, checked before any case runs: a
// misspelt key, an unknown rule id, a path the request contract does not
// know or a case that asserts nothing would otherwise pass without a word
// (cli.md 1.1, `test`). Each mistake is one message naming what is wrong.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compile/rule_set.h"

namespace rxr::cli {

// Mistakes in the file's own keys ("about", "base", "cases").
std::vector<std::string> check_case_file(const nlohmann::json& doc);

// Mistakes in one case, against the pack it belongs to.
std::vector<std::string> check_case(const nlohmann::json& c, const compile::RuleSet& rules);

}  // namespace rxr::cli
