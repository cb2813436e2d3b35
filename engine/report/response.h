// Writes a verification as the contract's JSON response
// (shared/spec/request-response.md, with the 1.1 additions), or as the
// report a pharmacist reads. Both are byte-for-byte deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compile/rule_set.h"
#include "eval/verify.h"
#include "schema/facts.h"

namespace rxr::report {

// What a verification left: the pack that answered, the request's facts,
// the findings and the working memory their values point into.
struct Verified {
  const compile::RuleSet& rules;
  const Facts& facts;
  const eval::Verification& verification;
  const eval::Scratch& scratch;
};

// An order no pack of the catalogue covers (RXR-NO-PACK): it was not checked.
struct Unrouted {
  std::string_view id;
  bool has_id = false;
  double as_of = 0;
  std::string_view drug;  // as the request wrote it; empty when absent or unusable
  const std::vector<Problem>& problems;
  std::string_view catalogue_fingerprint;
};

// With explanations (verification.explanations), adds "explain".
void write_json(const Verified& v, std::string& out);
void write_text(const Verified& v, std::string& out);
void write_json(const Unrouted& u, std::string& out);
void write_text(const Unrouted& u, std::string& out);

// {"name": "rxrules", "version": "..."}: which engine answered.
std::string_view engine_version();

}  // namespace rxr::report
