// Fuzzes the whole verify path: arbitrary bytes as a request to
// rxr::api::verify against the compiled inotuzumab pack, as a JSON response
// with and without explanations and as a pharmacist's text report. Beyond
// "does not crash", each response must keep the contract of
// shared/spec/request-response.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "api/engine.h"
#include "fuzz_support.h"

namespace {

using rxr::api::VerifyStatus;
using rxr::fuzz::violated;

struct Outcome {
  std::string verdict;
  std::vector<std::string> findings;  // "rule:severity", in response order
};

// A JSON response parses (valid UTF-8 and JSON, as a host's parser needs),
// and its verdict is what the spec says it is: block when there is any
// problem or block finding, else warn when there is a warn finding, else pass.
Outcome check_json(const std::string& response) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const rxr::compile::RuleSet& rules = rxr::fuzz::inotuzumab_pack();
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  static std::string out;

  const VerifyStatus status = rxr::api::verify(rules, request, {}, {}, out);
  if (status != VerifyStatus::kOk && status != VerifyStatus::kRequestError) violated("unknown status");
  if (status == VerifyStatus::kRequestError) {
    // Refused as a whole: the reason is the message; an exception caught
    // inside the decoder is a bug, not a refusal.
    if (out.empty()) violated("a refusal without a reason");
    if (out.starts_with("request could not be decoded")) violated("decoder threw", out);
    return 0;
  }
  const Outcome plain = check_json(out);

  // Explanations add the condition trees; they change nothing else.
  if (rxr::api::verify(rules, request, {.explain = true}, {}, out) != VerifyStatus::kOk) {
    violated("accepted without explanations, refused with them");
  }
  const Outcome explained = check_json(out);
  if (explained.verdict != plain.verdict || explained.findings != plain.findings) {
    violated("explanations change the verdict or the findings", out);
  }

  if (rxr::api::verify(rules, request, {.explain = true, .text = true}, {}, out) != VerifyStatus::kOk) {
    violated("accepted as JSON, refused as text");
  }
  if (!out.starts_with("Order ")) violated("the text report does not start with the order", out);
  return 0;
}
