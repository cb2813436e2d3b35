// What one verification answered, read back from the response JSON
// (request-response.md): the part a replay compares. Messages are left out
// on purpose: they quote thresholds and values, so a changed threshold would
// make every finding of its rule look changed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "eval/verify.h"

namespace rxr::cli::replay {

// The engine's verdicts, as the response names them.
using eval::Verdict;
using eval::verdict_name;
inline constexpr int kVerdictCount = 3;

struct RuleFinding {
  std::string rule;
  std::string severity;
  std::vector<std::string> missing;  // the request paths it lacked (or fired on as absent)
};

struct Outcome {
  std::string id;  // the request's id; empty when it has none
  Verdict verdict = Verdict::kPass;
  std::vector<RuleFinding> findings;  // sorted by rule id
};

// Reads responses; one per thread (it keeps the parser's buffers).
class OutcomeReader {
 public:
  // `response` is what api::verify wrote; its capacity is grown for the
  // parser's padding. Throws std::runtime_error when it is not a response
  // (an engine bug: the CLI reports it as an internal error).
  Outcome read(std::string& response);

 private:
  simdjson::ondemand::parser parser_;
};

}  // namespace rxr::cli::replay
