// The text of a finding: its message with the placeholders filled in, the
// default message of an undecided rule, and where missing data sits.
#pragma once

#include <span>
#include <string>

#include "compile/rule_set.h"
#include "eval/verify.h"
#include "report/prepared_json.h"

namespace rxr::report {

// The message of finding `f`, written into `out` (replaced).
void render_finding_message(const eval::Finding& f, const compile::RuleSet& rules, const Facts& facts,
                            const eval::Verification& verification, const eval::Scratch& scratch, std::string& out);
// The same as the inside of a JSON string, appended to `out`: the literal
// text comes escaped from `prepared` (prepared_json.h), only the values are
// escaped here.
void append_finding_message_json(const eval::Finding& f, const RuleJson& prepared, const compile::RuleSet& rules,
                                 const Facts& facts, const eval::Verification& verification,
                                 const eval::Scratch& scratch, std::string& out);

// The engine's message of an undecided finding: "Cannot check "Title": "
// before what is missing, and the whole of it when nothing is.
void append_cannot_check(std::string_view title, std::string& out);
void append_no_case(std::string_view title, std::string& out);

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
