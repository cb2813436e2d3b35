// The replay's reports: text for a terminal, JSON for tools (every request
// id listed), and one self-contained HTML page for a pharmacy committee.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/replay/impact.h"

namespace rxr::cli::replay {

// What was compared: the two rule versions and the corpus, as given.
struct Subject {
  std::string old_rules;
  std::string old_fingerprint;
  std::string new_rules;
  std::string new_fingerprint;
  std::string corpus;
};

// The text and HTML reports list this many example ids per line; JSON lists all.
inline constexpr std::size_t kExamples = 10;

// The four kinds of rule change, in report order, with their names.
struct ChangeKind {
  const char* key;    // JSON key and HTML data-kind
  const char* title;  // what a reader sees
  std::vector<RuleChange> RuleImpact::*list;
};
inline constexpr ChangeKind kChangeKinds[] = {
    {"newly_fires", "newly fires", &RuleImpact::fires},
    {"stops_firing", "stops firing", &RuleImpact::stops},
    {"severity_changes", "changes severity", &RuleImpact::severity},
    {"new_missing_data", "new missing data", &RuleImpact::missing},
};

// "warn", "warn -> block", "missing labs.qtcf": what changed for one request.
std::string describe(const ChangeKind& kind, const RuleChange& change);

std::string text_report(const Impact& impact, const Subject& subject);
std::string json_report(const Impact& impact, const Subject& subject);
std::string html_report(const Impact& impact, const Subject& subject);

}  // namespace rxr::cli::replay
