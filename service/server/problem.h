// Error answers in the CDS Hooks OperationOutcome style, and the checks
// that refuse a body before it is parsed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rxrules::service {

struct Answer {
  int status = 200;
  std::string body;  // JSON
};

// {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": ..., "diagnostics": ...}]}
Answer problem(int status, std::string_view code, std::string_view diagnostics);

// Whether arrays and objects in `json` nest deeper than `max_depth`
// (checked before parsing, so that no parser recurses on hostile input).
bool nests_deeper_than(std::string_view json, std::size_t max_depth);

}  // namespace rxrules::service
