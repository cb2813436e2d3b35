#include "api/engine.h"

#include <chrono>

#include "api/response.h"
#include "eval/verify.h"

namespace rxr::api {

namespace {

// Per-thread working memory, reused across calls and engines.
struct ThreadState {
  explicit ThreadState(const io::DecodeLimits& limits) : decoder(limits) {}
  io::RequestDecoder decoder;
  Facts facts;
  eval::Scratch scratch;
  eval::Verification verification;
};

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

VerifyStatus Engine::verify(std::string_view request, const VerifyOptions& options, std::string& out) const {
  thread_local ThreadState state(limits_);
  const io::DecodeResult decoded = state.decoder.decode(request, rules_->symbols, now_seconds(), state.facts);
  if (decoded.status != io::DecodeStatus::kOk) {
    out = decoded.error;
    return VerifyStatus::kRequestError;
  }
  eval::verify(*rules_, state.facts, state.scratch, options.explain, state.verification);
  out.clear();
  if (options.text) {
    write_response_text(*rules_, state.facts, state.verification, state.scratch, out);
  } else {
    write_response_json(*rules_, state.facts, state.verification, state.scratch, out);
  }
  return VerifyStatus::kOk;
}

}  // namespace rxr::api
