#include "cli/replay/impact.h"

#include <algorithm>

namespace rxr::cli::replay {

namespace {

std::vector<std::string> newly_missing(const RuleFinding* old_finding, const RuleFinding& new_finding) {
  if (old_finding == nullptr) return new_finding.missing;
  std::vector<std::string> added;
  std::set_difference(new_finding.missing.begin(), new_finding.missing.end(), old_finding->missing.begin(),
                      old_finding->missing.end(), std::back_inserter(added));
  return added;
}

RuleImpact& rule_impact(Impact& impact, const std::string& rule) {
  const auto found = std::find_if(impact.rules.begin(), impact.rules.end(),
                                  [&](const RuleImpact& r) { return r.rule == rule; });
  if (found != impact.rules.end()) return *found;
  return impact.rules.emplace_back(RuleImpact{rule, {}, {}, {}, {}});
}

}  // namespace

RequestImpact compare(const Outcome& old_outcome, const Outcome& new_outcome, const std::string& label) {
  RequestImpact result;
  result.old_verdict = old_outcome.verdict;
  result.new_verdict = new_outcome.verdict;
  const std::string& id = !new_outcome.id.empty() ? new_outcome.id : !old_outcome.id.empty() ? old_outcome.id : label;

  // Both lists are sorted by rule id: walk them side by side.
  auto o = old_outcome.findings.begin();
  auto n = new_outcome.findings.begin();
  while (o != old_outcome.findings.end() || n != new_outcome.findings.end()) {
    const bool take_old = n == new_outcome.findings.end() || (o != old_outcome.findings.end() && o->rule < n->rule);
    const bool take_new = o == old_outcome.findings.end() || (n != new_outcome.findings.end() && n->rule < o->rule);
    const RuleFinding* old_finding = take_new ? nullptr : &*o;
    const RuleFinding* new_finding = take_old ? nullptr : &*n;
    RuleChange change{id, old_finding ? old_finding->severity : "", new_finding ? new_finding->severity : "", {}};
    if (new_finding != nullptr) change.missing = newly_missing(old_finding, *new_finding);
    if (change.old_severity != change.new_severity || !change.missing.empty()) {
      result.changes.emplace_back(old_finding ? old_finding->rule : new_finding->rule, std::move(change));
    }
    if (!take_new) ++o;
    if (!take_old) ++n;
  }
  if (!result.changes.empty() || result.old_verdict != result.new_verdict) result.id = id;
  return result;
}

RequestImpact request_error(const std::string& label, std::string message) {
  RequestImpact result;
  result.error = true;
  result.id = label;
  result.error_message = std::move(message);
  return result;
}

void add(Impact& impact, RequestImpact&& request) {
  ++impact.requests;
  if (request.error) {
    impact.errors.push_back({std::move(request.id), std::move(request.error_message)});
    return;
  }
  const auto from = static_cast<std::size_t>(request.old_verdict);
  const auto to = static_cast<std::size_t>(request.new_verdict);
  ++impact.verdicts[from][to];
  if (from != to) impact.verdict_ids[from][to].push_back(request.id);
  if (from == to && request.changes.empty()) return;
  ++impact.changed;
  for (auto& [rule, change] : request.changes) {
    RuleImpact& r = rule_impact(impact, rule);
    if (!change.missing.empty()) r.missing.push_back(change);
    if (change.old_severity.empty()) {
      r.fires.push_back(std::move(change));
    } else if (change.new_severity.empty()) {
      r.stops.push_back(std::move(change));
    } else if (change.old_severity != change.new_severity) {
      r.severity.push_back(std::move(change));
    }
  }
}

void finish(Impact& impact) {
  std::sort(impact.rules.begin(), impact.rules.end(),
            [](const RuleImpact& a, const RuleImpact& b) { return a.rule < b.rule; });
}

}  // namespace rxr::cli::replay
