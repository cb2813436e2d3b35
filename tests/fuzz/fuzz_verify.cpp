// Fuzzes the whole verify path: arbitrary bytes as a request to
// rxr::api::verify against the shipped catalogue (routed by order.drug), as a JSON response
// with and without explanations and as a pharmacist's text report. Beyond
// "does not crash", each response must keep the contract of
// shared/spec/request-response.md (fuzz_support.h, check_verification).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const rxr::api::Catalogue& catalogue = rxr::fuzz::shipped_catalogue();
  const auto verify = [&catalogue](std::string_view request, const rxr::api::VerifyOptions& options, std::string& out) {
    return rxr::api::verify(catalogue, request, options, {}, out);
  };
  rxr::fuzz::check_verification(verify, std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
