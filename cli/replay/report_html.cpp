// The HTML report: one page with no outside resources (inline CSS and an
// inline SVG chart), readable by a pharmacy committee and printable. Every
// count is also in a data-count attribute, which the page's test reads.
// Text from requests and paths is made printable, then escaped.
#include <algorithm>

#include <fmt/format.h>

#include "cli/replay/report.h"
#include "text/printable.h"

namespace rxr::cli::replay {

namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}section.rule td:first-child{white-space:nowrap}td.count{text-align:right;font-variant-numeric:tabular-nums}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}
.verdict-pass{color:#1a7f37}.verdict-warn{color:#9a6700}.verdict-block{color:#cf222e}
.ids{font-family:ui-monospace,monospace;font-size:.9em}.more{color:#666}
.status{padding:.6em 1em;border-radius:4px;font-weight:600}.changed{background:#fff4d6}.unchanged{background:#e6f4ea}
code{font-family:ui-monospace,monospace}
)";

const char* verdict_color(int verdict) {
  constexpr const char* kColors[kVerdictCount] = {"#1a7f37", "#d4a72c", "#cf222e"};
  return kColors[verdict];
}

template <typename Item, typename Show>
std::string examples(const std::vector<Item>& items, Show show) {
  std::string out = "<span class=\"ids\">";
  for (std::size_t i = 0; i < items.size() && i < kExamples; ++i) {
    if (i > 0) out += ", ";
    out += text::markup_escaped(show(items[i]));
  }
  out += "</span>";
  if (items.size() > kExamples) out += fmt::format(" <span class=\"more\">and {} more</span>", items.size() - kExamples);
  return out;
}

struct Transition {
  int from;
  int to;
  std::size_t count;
};

std::vector<Transition> transitions(const Impact& impact) {
  std::vector<Transition> out;
  for (int from = 0; from < kVerdictCount; ++from) {
    for (int to = 0; to < kVerdictCount; ++to) {
      if (from != to && impact.verdicts[from][to] > 0) out.push_back({from, to, impact.verdicts[from][to]});
    }
  }
  return out;
}

std::string verdict_label(int verdict) {
  return fmt::format("<span class=\"verdict-{0}\">{0}</span>", verdict_name(static_cast<Verdict>(verdict)));
}

// A horizontal bar per verdict change, as long as its count, coloured by
// the new verdict.
std::string chart(const std::vector<Transition>& changes) {
  if (changes.empty()) return "<p id=\"chart-empty\">No verdict changed.</p>\n";
  std::size_t largest = 0;
  for (const Transition& t : changes) largest = std::max(largest, t.count);
  constexpr int kLabel = 130, kWidth = 520, kRow = 30, kBar = 20;
  const int height = static_cast<int>(changes.size()) * kRow + 10;
  std::string out = fmt::format(
      "<svg id=\"verdict-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"Requests per verdict change\">\n",
      kLabel + kWidth + 80, height);
  int y = 5;
  for (const Transition& t : changes) {
    const int length = std::max(2, static_cast<int>(static_cast<double>(t.count) / static_cast<double>(largest) * kWidth));
    const char* from = verdict_name(static_cast<Verdict>(t.from));
    const char* to = verdict_name(static_cast<Verdict>(t.to));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\">{} &#8594; {}</text>\n", kLabel - 8,
                       y + 15, from, to);
    out += fmt::format(
        "<rect class=\"bar\" data-from=\"{}\" data-to=\"{}\" data-count=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
        "height=\"{}\" fill=\"{}\"><title>{} &#8594; {}: {}</title></rect>\n",
        from, to, t.count, kLabel, y, length, kBar, verdict_color(t.to), from, to, t.count);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"14\">{}</text>\n", kLabel + length + 6, y + 15, t.count);
    y += kRow;
  }
  out += "</svg>\n";
  return out;
}

void append_summary(const Impact& impact, const Subject& subject, std::string& out) {
  out += "<dl class=\"summary\">\n";
  out += fmt::format("<dt>Corpus</dt><dd><code>{}</code></dd>\n", text::markup_escaped(subject.corpus));
  out += fmt::format("<dt>Old rules</dt><dd><code>{}</code> <code>{}</code></dd>\n", text::markup_escaped(subject.old_rules),
                     text::markup_escaped(subject.old_fingerprint));
  out += fmt::format("<dt>New rules</dt><dd><code>{}</code> <code>{}</code></dd>\n", text::markup_escaped(subject.new_rules),
                     text::markup_escaped(subject.new_fingerprint));
  out += fmt::format("<dt>Requests</dt><dd id=\"requests\" data-count=\"{0}\">{0}</dd>\n", impact.requests);
  out += fmt::format("<dt>Verified</dt><dd id=\"verified\" data-count=\"{0}\">{0}</dd>\n", impact.verified());
  out += fmt::format("<dt>Changed</dt><dd id=\"changed\" data-count=\"{0}\">{0}</dd>\n", impact.changed);
  out += fmt::format("<dt>Cannot be judged</dt><dd id=\"errors\" data-count=\"{0}\">{0}</dd>\n", impact.errors.size());
  out += "</dl>\n";
  out += impact.any_change()
             ? fmt::format("<p class=\"status changed\">{} of {} requests are answered differently by the new rules.</p>\n",
                           impact.changed, impact.verified())
             : "<p class=\"status unchanged\">No change: every request has the same verdict and the same findings under both.</p>\n";
}

void append_verdicts(const Impact& impact, std::string& out) {
  out += "<h2>Verdict changes</h2>\n";
  const std::vector<Transition> changes = transitions(impact);
  out += chart(changes);
  std::size_t unchanged = 0;
  for (int v = 0; v < kVerdictCount; ++v) unchanged += impact.verdicts[v][v];
  out += "<table id=\"verdicts\">\n<tr><th>Old verdict</th><th>New verdict</th><th>Requests</th><th>Examples</th></tr>\n";
  for (const Transition& t : changes) {
    out += fmt::format(
        "<tr class=\"verdict-change\" data-from=\"{}\" data-to=\"{}\" data-count=\"{}\"><td>{}</td><td>{}</td>"
        "<td class=\"count\">{}</td><td>{}</td></tr>\n",
        verdict_name(static_cast<Verdict>(t.from)), verdict_name(static_cast<Verdict>(t.to)), t.count,
        verdict_label(t.from), verdict_label(t.to), t.count,
        examples(impact.verdict_ids[t.from][t.to], [](const std::string& id) { return id; }));
  }
  out += fmt::format("<tr><td colspan=\"2\">unchanged</td><td class=\"count\" id=\"unchanged\" data-count=\"{0}\">{0}</td><td></td></tr>\n",
                     unchanged);
  out += "</table>\n";
}

void append_rules(const Impact& impact, std::string& out) {
  out += "<h2>Rules</h2>\n";
  if (impact.rules.empty()) out += "<p>No rule fires differently.</p>\n";
  for (const RuleImpact& rule : impact.rules) {
    const std::string id = text::markup_escaped(rule.rule);
    out += fmt::format("<section class=\"rule\" data-rule=\"{0}\">\n<h3>{0}</h3>\n", id);
    out += "<table>\n<tr><th>Change</th><th>Requests</th><th>Examples</th></tr>\n";
    for (const ChangeKind& kind : kChangeKinds) {
      const std::vector<RuleChange>& changes = rule.*kind.list;
      out += fmt::format("<tr data-kind=\"{}\" data-count=\"{}\"><td>{}</td><td class=\"count\">{}</td><td>{}</td></tr>\n",
                         kind.key, changes.size(), kind.title, changes.size(),
                         examples(changes, [&](const RuleChange& c) { return c.id + " (" + describe(kind, c) + ")"; }));
    }
    out += "</table>\n</section>\n";
  }
}

void append_errors(const Impact& impact, std::string& out) {
  if (impact.errors.empty()) return;
  out += "<h2>Requests that cannot be judged</h2>\n<table id=\"request-errors\">\n<tr><th>Request</th><th>Why</th></tr>\n";
  for (const RequestError& error : impact.errors) {
    out += fmt::format("<tr class=\"request-error\"><td class=\"ids\">{}</td><td>{}</td></tr>\n", text::markup_escaped(error.id),
                       text::markup_escaped(error.message));
  }
  out += "</table>\n";
}

}  // namespace

std::string html_report(const Impact& impact, const Subject& subject) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>rxrules replay: impact of a rule change</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>Impact of a rule change</h1>\n";
  append_summary(impact, subject, out);
  append_verdicts(impact, out);
  append_rules(impact, out);
  append_errors(impact, out);
  out += "<p class=\"more\">Findings are compared by rule, severity and missing data; messages are not compared "
         "(they quote the thresholds). Made by <code>rxrules replay</code>.</p>\n</body>\n</html>\n";
  return out;
}

}  // namespace rxr::cli::replay
