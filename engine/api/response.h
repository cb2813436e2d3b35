// Renders a verification as the contract's JSON response, or as a report a
// pharmacist reads.
#pragma once

#include <string>
#include <string_view>

#include "compile/rule_set.h"
#include "eval/verify.h"
#include "schema/facts.h"

namespace rxr::api {

// Appends the response JSON (request-response.md) to `out`; byte-for-byte
// deterministic. With explanations, adds "explain": the condition trees.
void write_response_json(const compile::RuleSet& rules, const Facts& facts,
                         const eval::Verification& verification, const eval::Scratch& scratch,
                         std::string& out);

void write_response_text(const compile::RuleSet& rules, const Facts& facts,
                         const eval::Verification& verification, const eval::Scratch& scratch,
                         std::string& out);

}  // namespace rxr::api
