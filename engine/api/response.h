// Renders a verification as the contract's JSON response, or as a report a
// pharmacist reads.
#pragma once

#include <array>
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

// "1.84 m2 (Mosteller)" when the engine computed the BSA, else "". Written
// into `buffer`, so that responses are written without allocating.
using BsaBuffer = std::array<char, 64>;
std::string_view computed_bsa(const Facts& facts, BsaBuffer& buffer);

}  // namespace rxr::api
