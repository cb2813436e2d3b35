// What the three reports share.
#include "cli/replay/report.h"

namespace rxr::cli::replay {

std::string describe(const ChangeKind& kind, const RuleChange& change) {
  if (kind.list == &RuleImpact::fires) return change.new_severity;
  if (kind.list == &RuleImpact::stops) return change.old_severity;
  if (kind.list == &RuleImpact::severity) return change.old_severity + " -> " + change.new_severity;
  std::string paths;
  for (const std::string& path : change.missing) paths += (paths.empty() ? "" : " ") + path;
  return paths;
}

}  // namespace rxr::cli::replay
