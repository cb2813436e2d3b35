// What the fuzz targets share: the compiled inotuzumab pack, how a violated
// invariant is reported, and the contract check of a JSON response. The pack
// loads on first use, outside the measured inputs; a pack that does not load
// is a broken checkout, so the harness aborts rather than fuzz nothing.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "api/pack_loader.h"

#ifndef RXR_SOURCE_DIR
#error "RXR_SOURCE_DIR must name the source tree (set by tests/fuzz/CMakeLists.txt)"
#endif

namespace rxr::fuzz {

inline const compile::RuleSet& inotuzumab_pack() {
  static const std::unique_ptr<const compile::RuleSet> rules = [] {
    api::LoadResult loaded = api::load_pack(RXR_SOURCE_DIR "/rules/inotuzumab_ozogamicin");
    if (!loaded.ok()) {
      std::fprintf(stderr, "fuzz: the inotuzumab pack does not load: %s%s\n", loaded.io_error.c_str(),
                   syntax::render_all(loaded.diagnostics, loaded.sources).c_str());
      std::abort();
    }
    return std::unique_ptr<const compile::RuleSet>(std::move(loaded.rules));
  }();
  return *rules;
}

// An invariant of the engine does not hold: report it and abort, so that
// libFuzzer saves the input and the replay test fails.
[[noreturn]] inline void violated(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz: invariant violated: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// What a JSON response decided, to compare responses to one request.
struct Outcome {
  std::string verdict;
  std::vector<std::string> findings;  // "rule:severity", in response order
};

// A JSON response parses (valid UTF-8 and JSON, as a host's parser needs),
// and its verdict is what the spec says it is: block when there is any
// problem or block finding, else warn when there is a warn finding, else pass.
inline Outcome check_json(const std::string& response) {
  static simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(response).get_object().get(root) != simdjson::SUCCESS) {
    violated("the response is not a JSON object", response);
  }
  Outcome outcome;
  std::string_view verdict;
  simdjson::dom::array findings;
  simdjson::dom::array problems;
  if (root["verdict"].get_string().get(verdict) != simdjson::SUCCESS ||
      root["findings"].get_array().get(findings) != simdjson::SUCCESS ||
      root["problems"].get_array().get(problems) != simdjson::SUCCESS) {
    violated("the response lacks verdict, findings or problems", response);
  }
  outcome.verdict = verdict;
  std::string expected = problems.size() > 0 ? "block" : "pass";
  for (simdjson::dom::element finding : findings) {
    std::string_view rule;
    std::string_view severity;
    if (finding["rule"].get_string().get(rule) != simdjson::SUCCESS ||
        finding["severity"].get_string().get(severity) != simdjson::SUCCESS) {
      violated("a finding without rule or severity", response);
    }
    if (severity == "block") expected = "block";
    if (severity == "warn" && expected == "pass") expected = "warn";
    if (severity != "block" && severity != "warn" && severity != "info") violated("unknown severity", response);
    outcome.findings.push_back(std::string(rule) + ":" + std::string(severity));
  }
  if (verdict != expected) violated("the verdict does not follow from the findings and problems", response);
  return outcome;
}

}  // namespace rxr::fuzz
