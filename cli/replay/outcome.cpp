#include "cli/replay/outcome.h"

#include <algorithm>
#include <stdexcept>

namespace rxr::cli::replay {

namespace {

Verdict parse_verdict(std::string_view name) {
  if (name == "pass") return Verdict::kPass;
  if (name == "warn") return Verdict::kWarn;
  if (name == "block") return Verdict::kBlock;
  throw std::runtime_error("a response has the verdict '" + std::string(name) + "'");
}

RuleFinding parse_finding(simdjson::ondemand::object finding) {
  RuleFinding f;
  for (auto field : finding) {
    const std::string_view key = field.unescaped_key();
    if (key == "rule") {
      f.rule = std::string_view(field.value().get_string());
    } else if (key == "severity") {
      f.severity = std::string_view(field.value().get_string());
    } else if (key == "missing") {
      for (auto path : field.value().get_array()) f.missing.emplace_back(std::string_view(path.get_string()));
    }
  }
  std::sort(f.missing.begin(), f.missing.end());
  return f;
}

}  // namespace

Outcome OutcomeReader::read(std::string& response) {
  const std::size_t size = response.size();
  response.reserve(size + simdjson::SIMDJSON_PADDING);
  try {
    auto document = parser_.iterate(response.data(), size, response.capacity());
    Outcome outcome;
    for (auto field : document.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key == "id") {
        outcome.id = std::string_view(field.value().get_string());
      } else if (key == "verdict") {
        outcome.verdict = parse_verdict(field.value().get_string());
      } else if (key == "findings") {
        for (auto finding : field.value().get_array()) outcome.findings.push_back(parse_finding(finding.get_object()));
      }
    }
    std::sort(outcome.findings.begin(), outcome.findings.end(),
              [](const RuleFinding& a, const RuleFinding& b) { return a.rule < b.rule; });
    return outcome;
  } catch (const simdjson::simdjson_error& e) {
    throw std::runtime_error(std::string("a response cannot be read back: ") + e.what());
  }
}

}  // namespace rxr::cli::replay
