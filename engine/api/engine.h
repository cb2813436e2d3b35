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

enum class VerifyStatus { kOk, kRequestError };

struct VerifyOptions {
  bool explain = false;  // add the condition trees ("why did it fire")
  bool text = false;     // a pharmacist's report instead of JSON
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const compile::RuleSet> rules, io::DecodeLimits limits = {})
      : rules_(std::move(rules)), limits_(limits) {}

  // Writes the response (or, on kRequestError, the reason) into `out`.
  VerifyStatus verify(std::string_view request, const VerifyOptions& options, std::string& out) const;

  const compile::RuleSet& rules() const { return *rules_; }

 private:
  std::shared_ptr<const compile::RuleSet> rules_;
  io::DecodeLimits limits_;
};

}  // namespace rxr::api
