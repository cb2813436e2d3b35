// Fuzzes the whole verify path: arbitrary bytes as a request to
// rxr::api::verify against the compiled inotuzumab pack, as a JSON response
// with and without explanations and as a pharmacist's text report. Beyond
// "does not crash", each response must keep the contract of
// shared/spec/request-response.md (fuzz_support.h, check_verification).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rxr::fuzz::check_verification(rxr::fuzz::inotuzumab_pack(), std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
