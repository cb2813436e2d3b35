// Fuzzes rules and requests together: the input is a rule pack's pack.rxr
// and the requests to verify against it, separated by lines of "===". The
// pack is compiled (with the shipped rule files beside it, so a fuzzed
// header can import real lists and rules); when it loads, every request is
// verified against it every way a host can ask (fuzz_support.h). Odd rules
// meet odd requests here: a rule nobody wrote for a request nobody sent.
//
//   pack "p" version "1"          <- pack.rxr
//   ...
//   ===
//   {"order": {...}}              <- a request
//   ===
//   {"labs": {...}}               <- another
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"

namespace {

constexpr std::string_view kSeparator = "\n===\n";

std::vector<std::string_view> split(std::string_view input) {
  std::vector<std::string_view> parts;
  for (std::size_t at = input.find(kSeparator); at != std::string_view::npos; at = input.find(kSeparator)) {
    parts.push_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(input);
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> parts = split(std::string_view(reinterpret_cast<const char*>(data), size));
  const rxr::api::LoadResult loaded = rxr::fuzz::load_fuzzed_pack(parts.front());
  if (loaded.ok() != loaded.diagnostics.empty() || !loaded.io_error.empty()) {
    rxr::fuzz::violated("a pack loads if and only if it has no diagnostics", loaded.io_error);
  }
  if (!loaded.ok()) return 0;
  const rxr::compile::RuleSet& pack = *loaded.rules;
  const auto verify = [&pack](std::string_view request, const rxr::api::VerifyOptions& options, std::string& out) {
    return rxr::api::verify_with_pack(pack, request, options, {}, out);
  };
  for (std::size_t i = 1; i < parts.size(); ++i) rxr::fuzz::check_verification(verify, parts[i]);
  return 0;
}
