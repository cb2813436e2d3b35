// The impact of a rule change on a corpus: what changed between the old and
// the new rules' answers to the same requests, per rule and per verdict.
// Built in corpus order, so that every report of it is deterministic.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "cli/replay/outcome.h"

namespace rxr::cli::replay {

// One request where a rule's finding changed.
struct RuleChange {
  std::string id;
  std::string old_severity;          // empty: the rule did not fire under the old rules
  std::string new_severity;          // empty: it does not fire under the new ones
  std::vector<std::string> missing;  // new missing data: paths the new finding lacks that the old did not
};

struct RuleImpact {
  std::string rule;
  std::vector<RuleChange> fires;     // newly fires
  std::vector<RuleChange> stops;     // stops firing
  std::vector<RuleChange> severity;  // fires under both, at another severity
  std::vector<RuleChange> missing;   // fires (or is undecided) for lack of data it did not lack before
};

struct RequestError {
  std::string id;
  std::string message;
};

struct Impact {
  std::size_t requests = 0;  // every entry of the corpus, errors included
  std::size_t changed = 0;   // requests whose verdict or findings changed
  // verdicts[old][new]: how many requests went from one verdict to the other.
  std::array<std::array<std::size_t, kVerdictCount>, kVerdictCount> verdicts{};
  // The ids of the requests whose verdict changed, per pair (empty on the diagonal).
  std::array<std::array<std::vector<std::string>, kVerdictCount>, kVerdictCount> verdict_ids{};
  std::vector<RuleImpact> rules;  // the rules with a change, by id
  std::vector<RequestError> errors;  // requests that cannot be judged (not a JSON object, over a limit)

  bool any_change() const { return changed > 0; }
  std::size_t verified() const { return requests - errors.size(); }
};

// What one request did under the two rule versions: produced by the
// replay's threads independently, merged in corpus order.
struct RequestImpact {
  bool error = false;
  std::string id;  // set when the request changed or is an error
  std::string error_message;
  Verdict old_verdict = Verdict::kPass;
  Verdict new_verdict = Verdict::kPass;
  std::vector<std::pair<std::string, RuleChange>> changes;  // by rule
};

// Compares one request's two outcomes; `label` names it when it has no id.
RequestImpact compare(const Outcome& old_outcome, const Outcome& new_outcome, const std::string& label);
RequestImpact request_error(const std::string& label, std::string message);

// Adds one request's result; call in corpus order.
void add(Impact& impact, RequestImpact&& request);
// Sorts the rules by id once every request is in.
void finish(Impact& impact);

}  // namespace rxr::cli::replay
