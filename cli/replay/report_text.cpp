// The text report: a summary, the verdict changes, then each rule's changes.
// Ids and paths come from requests: they are made printable.
#include <fmt/format.h>

#include "cli/replay/report.h"
#include "text/printable.h"

namespace rxr::cli::replay {

namespace {

template <typename Item, typename Show>
void append_examples(const std::vector<Item>& items, Show show, std::string& out) {
  for (std::size_t i = 0; i < items.size() && i < kExamples; ++i) {
    out += i == 0 ? " " : ", ";
    out += text::printable(show(items[i]));
  }
  if (items.size() > kExamples) out += fmt::format(" and {} more", items.size() - kExamples);
  out += '\n';
}

}  // namespace

std::string text_report(const Impact& impact, const Subject& subject) {
  std::string out;
  out += fmt::format("replay of {} requests ({} verified, {} errors) from {}\n", impact.requests, impact.verified(),
                     impact.errors.size(), text::printable(subject.corpus));
  out += fmt::format("  old rules: {} ({})\n", text::printable(subject.old_rules), subject.old_fingerprint);
  out += fmt::format("  new rules: {} ({})\n", text::printable(subject.new_rules), subject.new_fingerprint);
  if (!impact.any_change()) {
    out += "No change: every request has the same verdict and the same findings under both.\n";
  } else {
    out += fmt::format("{} requests changed.\n", impact.changed);
  }

  out += "\nVerdicts (old -> new)\n";
  std::size_t unchanged = 0;
  for (int from = 0; from < kVerdictCount; ++from) {
    for (int to = 0; to < kVerdictCount; ++to) {
      const std::size_t count = impact.verdicts[from][to];
      if (from == to) {
        unchanged += count;
        continue;
      }
      if (count == 0) continue;
      out += fmt::format("  {} -> {}: {}:", verdict_name(static_cast<Verdict>(from)),
                         verdict_name(static_cast<Verdict>(to)), count);
      append_examples(impact.verdict_ids[from][to], [](const std::string& id) { return id; }, out);
    }
  }
  out += fmt::format("  unchanged: {}\n", unchanged);

  for (const RuleImpact& rule : impact.rules) {
    out += fmt::format("\n{}\n", text::printable(rule.rule));
    for (const ChangeKind& kind : kChangeKinds) {
      const std::vector<RuleChange>& changes = rule.*kind.list;
      if (changes.empty()) continue;
      out += fmt::format("  {}: {}:", kind.title, changes.size());
      append_examples(changes, [&](const RuleChange& c) { return c.id + " (" + describe(kind, c) + ")"; }, out);
    }
  }

  if (!impact.errors.empty()) {
    out += fmt::format("\nRequests that cannot be judged: {}\n", impact.errors.size());
    for (const RequestError& error : impact.errors) {
      out += fmt::format("  {}: {}\n", text::printable(error.id), text::printable(error.message));
    }
  }
  return out;
}

}  // namespace rxr::cli::replay
