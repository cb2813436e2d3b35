// The JSON report: everything the text and HTML reports show, with every
// request id (the text and the page show examples).
#include <nlohmann/json.hpp>

#include "cli/replay/report.h"

namespace rxr::cli::replay {

namespace {

using nlohmann::json;

json rule_change(const ChangeKind& kind, const RuleChange& change) {
  json entry{{"id", change.id}};
  if (kind.list == &RuleImpact::missing) {
    entry["missing"] = change.missing;
  } else {
    if (!change.old_severity.empty()) entry["old_severity"] = change.old_severity;
    if (!change.new_severity.empty()) entry["new_severity"] = change.new_severity;
  }
  return entry;
}

}  // namespace

std::string json_report(const Impact& impact, const Subject& subject) {
  json report;
  report["old"] = {{"rules", subject.old_rules}, {"fingerprint", subject.old_fingerprint}};
  report["new"] = {{"rules", subject.new_rules}, {"fingerprint", subject.new_fingerprint}};
  report["corpus"] = subject.corpus;
  report["requests"] = impact.requests;
  report["verified"] = impact.verified();
  report["changed"] = impact.changed;

  json transitions = json::array();
  std::size_t unchanged = 0;
  for (int from = 0; from < kVerdictCount; ++from) {
    for (int to = 0; to < kVerdictCount; ++to) {
      const std::size_t count = impact.verdicts[from][to];
      if (from == to) unchanged += count;
      if (from == to || count == 0) continue;
      transitions.push_back({{"from", verdict_name(static_cast<Verdict>(from))},
                             {"to", verdict_name(static_cast<Verdict>(to))},
                             {"count", count},
                             {"ids", impact.verdict_ids[from][to]}});
    }
  }
  report["verdicts"] = {{"unchanged", unchanged}, {"changes", transitions}};

  json rules = json::array();
  for (const RuleImpact& rule : impact.rules) {
    json entry{{"rule", rule.rule}};
    for (const ChangeKind& kind : kChangeKinds) {
      json changes = json::array();
      for (const RuleChange& change : rule.*kind.list) changes.push_back(rule_change(kind, change));
      entry[kind.key] = {{"count", changes.size()}, {"requests", std::move(changes)}};
    }
    rules.push_back(std::move(entry));
  }
  report["rules"] = std::move(rules);

  json errors = json::array();
  for (const RequestError& error : impact.errors) errors.push_back({{"id", error.id}, {"message", error.message}});
  report["errors"] = std::move(errors);
  // Ids and file names come from outside: bytes that are not UTF-8 are replaced, never a crash.
  return report.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace rxr::cli::replay
