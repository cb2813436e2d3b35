// Fuzzes the whole verify path: arbitrary bytes as a request to
// rxr::api::verify against the compiled inotuzumab pack, as a JSON response
// with and without explanations and as a pharmacist's text report. Beyond
// "does not crash", each response must keep the contract of
// shared/spec/request-response.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/engine.h"
#include "fuzz_support.h"

using rxr::api::VerifyStatus;
using rxr::fuzz::check_json;
using rxr::fuzz::Outcome;
using rxr::fuzz::violated;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const rxr::compile::RuleSet& rules = rxr::fuzz::inotuzumab_pack();
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  static std::string out;

  const VerifyStatus status = rxr::api::verify(rules, request, {}, {}, out);
  // Memory does not run out under the fuzzer (it stops at its limit
  // instead), so an internal error here is an exception caught inside: a bug.
  if (status == VerifyStatus::kInternalError) violated("internal error", out);
  if (status == VerifyStatus::kRequestError) {
    if (out.empty()) violated("a refusal without a reason");
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
