#include "api/engine.h"

#include <chrono>

#include "api/response.h"
#include "eval/verify.h"

namespace rxr::api {

namespace {

// Per-thread working memory, reused across calls and engines. The decoder
// is rebuilt only when an engine with other limits is used on the thread.
struct ThreadState {
  io::DecodeLimits limits;
  io::RequestDecoder decoder{limits};
  Facts facts;
  eval::Scratch scratch;
  eval::Verification verification;
};

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

bool same_limits(const io::DecodeLimits& a, const io::DecodeLimits& b) {
  return a.max_request_bytes == b.max_request_bytes && a.max_depth == b.max_depth &&
         a.max_list_items == b.max_list_items && a.max_string_bytes == b.max_string_bytes;
}

}  // namespace

VerifyStatus verify(const compile::RuleSet& rules, std::string_view request, const VerifyOptions& options,
                    const io::DecodeLimits& limits, std::string& out) {
  thread_local ThreadState state;
  if (!same_limits(state.limits, limits)) {
    state.limits = limits;
    state.decoder = io::RequestDecoder(limits);
  }
  const io::DecodeResult decoded = state.decoder.decode(request, rules.symbols, now_seconds(), state.facts);
  if (decoded.status != io::DecodeStatus::kOk) {
    out = decoded.error;
    return decoded.status == io::DecodeStatus::kNotAnObject ? VerifyStatus::kRequestError
                                                           : VerifyStatus::kInternalError;
  }
  eval::verify(rules, state.facts, state.scratch, options.explain, state.verification);
  out.clear();
  if (options.text) {
    write_response_text(rules, state.facts, state.verification, state.scratch, out);
  } else {
    write_response_json(rules, state.facts, state.verification, state.scratch, out);
  }
  return VerifyStatus::kOk;
}

}  // namespace rxr::api
