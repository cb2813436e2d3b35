// The engine a host talks to: open a rule pack once, verify many requests.
// Thread-safe: verify() may run on many threads at once; each thread keeps
// its own decoder and working memory.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "api/pack_loader.h"
#include "io/decode_request.h"

namespace rxr::api {

enum class VerifyStatus {
  kOk,
  kRequestError,   // the request cannot be judged: not JSON, not an object, over a limit
  kInternalError,  // rxrules failed (out of memory, or a bug); the request was not judged
};

struct VerifyOptions {
  bool explain = false;  // add the condition trees ("why did it fire")
  bool text = false;     // a pharmacist's report instead of JSON
};

// Verifies one request against `rules`; writes the response (or, on an
// error, the reason) into `out`. Safe to call from many threads.
VerifyStatus verify(const compile::RuleSet& rules, std::string_view request, const VerifyOptions& options,
                    const io::DecodeLimits& limits, std::string& out);

class Engine {
 public:
  explicit Engine(std::shared_ptr<const compile::RuleSet> rules, io::DecodeLimits limits = {})
      : rules_(std::move(rules)), limits_(limits) {}

  VerifyStatus verify(std::string_view request, const VerifyOptions& options, std::string& out) const {
    return api::verify(*rules_, request, options, limits_, out);
  }

  const compile::RuleSet& rules() const { return *rules_; }

 private:
  std::shared_ptr<const compile::RuleSet> rules_;
  io::DecodeLimits limits_;
};

}  // namespace rxr::api
