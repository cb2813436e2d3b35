// The text of a finding: its message with the placeholders filled in, the
// default message of an undecided rule, and where missing data sits.
#pragma once

#include <span>
#include <string>

#include "compile/rule_set.h"
#include "eval/verify.h"

namespace rxr::report {

// `values` are the placeholders' values, in order (eval::Verification);
// `missing` what {missing} shows.
void render_message(const compile::Message& message, std::span<const eval::Value> values,
                    std::span<const eval::MissingItem> missing, const compile::RuleSet& rules, const Facts& facts,
                    const eval::Scratch& scratch, std::string& out);

// The message of finding `f`, written into `out` (replaced).
void render_finding_message(const eval::Finding& f, const compile::RuleSet& rules, const Facts& facts,
                            const eval::Verification& verification, const eval::Scratch& scratch, std::string& out);

// "No rule pack covers 'aspirin': the order was not checked by rules." (RXR-NO-PACK)
void render_unrouted_message(std::string_view drug, std::string& out);

// "labs.anc", "medications[2].drug": where a missing item sits in the request.
void append_missing_path(const eval::MissingItem& item, const schema::Schema& schema, std::string& out);
// "labs.qtcf and labs.magnesium are missing; labs.anc is older than 3 d (taken 4 d before)"
void append_missing_reasons(std::span<const eval::MissingItem> items, const schema::Schema& schema, const Facts& facts,
                            std::string& out);
// "a, b, c"
void append_missing_paths(std::span<const eval::MissingItem> items, const schema::Schema& schema, std::string& out);

}  // namespace rxr::report
