// What the fuzz targets share: the shipped rules, how a violated invariant
// is reported, and the contract check of a JSON response. The rules load on
// first use, outside the measured inputs; rules that do not load are a
// broken checkout, so the harness aborts rather than fuzz nothing.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "api/engine.h"
#include "api/catalogue.h"
#include "api/engine.h"
#include "api/pack_loader.h"

#ifndef RXR_SOURCE_DIR
#error "RXR_SOURCE_DIR must name the source tree (set by tests/fuzz/CMakeLists.txt)"
#endif

namespace rxr::fuzz {

[[noreturn]] inline void violated(const char* what, const std::string& detail = {});

inline std::string read_source_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) violated("cannot read a file of the source tree", path.string());
  return std::move(text).str();
}

// The shipped rule files under the names a fuzzed pack.rxr imports them by:
// the fuzzed pack sits in a folder beside the shipped ones, so it imports
// "../common/request.rxr" or "../<pack>/regimen.rxr".
inline const std::map<std::string, std::string>& shipped_files() {
  static const std::map<std::string, std::string> files = [] {
    namespace fs = std::filesystem;
    std::map<std::string, std::string> out;
    for (const auto& folder : fs::directory_iterator(RXR_SOURCE_DIR "/rules")) {
      if (!folder.is_directory()) continue;
      for (const auto& entry : fs::directory_iterator(folder.path())) {
        if (entry.path().extension() != ".rxr") continue;
        out.emplace("../" + folder.path().filename().string() + "/" + entry.path().filename().string(),
                    read_source_file(entry.path()));
      }
    }
    return out;
  }();
  return files;
}

// Loads `pack` as pack.rxr, with the shipped files beside it.
inline api::LoadResult load_fuzzed_pack(std::string_view pack) {
  return api::load_pack_files({"pack.rxr"},
                              api::read_from_memory([pack](const std::string& name) -> std::optional<std::string_view> {
                                if (name == "pack.rxr") return pack;
                                const auto found = shipped_files().find(name);
                                if (found == shipped_files().end()) return std::nullopt;
                                return std::string_view(found->second);
                              }));
}

// The shipped catalogue (rules/), loaded on first use.
inline const api::Catalogue& shipped_catalogue() {
  static const std::shared_ptr<const api::Catalogue> catalogue = [] {
    const api::CatalogueLoad loaded = api::load_catalogue(RXR_SOURCE_DIR "/rules");
    if (!loaded.ok()) {
      std::fprintf(stderr, "fuzz: the shipped catalogue does not load: %s\n", loaded.rendered().c_str());
      std::abort();
    }
    return loaded.catalogue;
  }();
  return *catalogue;
}

// An invariant of the engine does not hold: report it and abort, so that
// libFuzzer saves the input and the replay test fails.
[[noreturn]] inline void violated(const char* what, const std::string& detail) {
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

// In an explained response, a finding whose condition was unknown (an
// undecided rule) warns and says what it lacks; one whose condition is
// false is not there. An order no pack covers has no explanation.
inline void check_undecided_findings_warn(const std::string& response) {
  static simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(response);
  simdjson::dom::array explanations;
  if (root["explain"].get_array().get(explanations) != simdjson::SUCCESS) return;  // no pack ran (RXR-NO-PACK)
  for (simdjson::dom::element explanation : explanations) {
    const std::string_view rule = explanation["rule"];
    const std::string_view result = explanation["result"];
    for (simdjson::dom::element finding : root["findings"].get_array()) {
      if (std::string_view(finding["rule"]) != rule) continue;
      if (result == "false") violated("a finding for a rule whose condition is false", response);
      simdjson::dom::array missing;
      if (result == "unknown" && (std::string_view(finding["severity"]) != "warn" ||
                                  finding["missing"].get_array().get(missing) != simdjson::SUCCESS)) {
        violated("an undecided finding that does not warn with what it lacks", response);
      }
    }
  }
}

// Verifies `request` against `rules` every way a host can ask (JSON,
// explained, text) and checks what must hold whatever the rules and the
// request: a refusal has a reason, a response keeps the contract, an
// undecided finding warns, explanations change nothing, and the same
// request gives the same bytes.
// The "as_of" member of a JSON response, or "" when it has none.
inline std::string as_of_of(const std::string& response) {
  static constexpr std::string_view kKey = "\"as_of\":\"";
  const std::size_t start = response.find(kKey);
  if (start == std::string::npos) return {};
  const std::size_t from = start + kKey.size();
  return response.substr(from, response.find('"', from) - from);
}

// `verify(request, options, out)` answers as api::verify does.
template <typename Verify>
void check_verification(Verify&& verify, std::string_view request) {
  static std::string out;
  static std::string again;
  const api::VerifyStatus status = verify(request, api::VerifyOptions{}, out);
  // Memory does not run out under the fuzzer (it stops at its limit
  // instead), so an internal error here is an exception caught inside: a bug.
  if (status == api::VerifyStatus::kInternalError) violated("internal error", out);
  if (status == api::VerifyStatus::kRequestError) {
    if (out.empty()) violated("a refusal without a reason");
    return;
  }
  const Outcome plain = check_json(out);
  // The same request gives the same bytes, unless it has no as_of and the
  // engine's clock moved between the two calls (each response says its as_of).
  if (verify(request, api::VerifyOptions{}, again) != api::VerifyStatus::kOk) {
    violated("a request answered once is refused the second time", out);
  }
  if (again != out && as_of_of(again) == as_of_of(out)) {
    violated("the same request gives another response", out + "\n" + again);
  }
  if (verify(request, api::VerifyOptions{.explain = true, .text = false, .explain_rule = {}}, out) != api::VerifyStatus::kOk) {
    violated("accepted without explanations, refused with them");
  }
  const Outcome explained = check_json(out);
  if (explained.verdict != plain.verdict || explained.findings != plain.findings) {
    violated("explanations change the verdict or the findings", out);
  }
  check_undecided_findings_warn(out);
  if (verify(request, api::VerifyOptions{.explain = true, .text = true, .explain_rule = {}}, out) != api::VerifyStatus::kOk) {
    violated("accepted as JSON, refused as text");
  }
  if (!out.starts_with("Order ")) violated("the text report does not start with the order", out);
}

}  // namespace rxr::fuzz
