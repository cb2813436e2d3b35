// The engine a host talks to: open a catalogue of rule packs once, verify
// many requests, each answered by the pack of its drug.
// Thread-safe: verify() may run on many threads at once; each thread keeps
// its own decoder and working memory.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "api/catalogue.h"
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
  // With explain: only this rule, with its lets and table rows worked out.
  std::string explain_rule;
};

// Verifies one request: routed by its order.drug to the pack that covers
// it, or answered RXR-NO-PACK. Writes the response (or, on an error, the
// reason) into `out`. Safe to call from many threads.
VerifyStatus verify(const Catalogue& catalogue, std::string_view request, const VerifyOptions& options,
                    const io::DecodeLimits& limits, std::string& out);

// Verifies one request against `pack`, whatever its drug: a pack's own
// regression cases are verified this way.
VerifyStatus verify_with_pack(const compile::RuleSet& pack, std::string_view request, const VerifyOptions& options,
                              const io::DecodeLimits& limits, std::string& out);

class Engine {
 public:
  explicit Engine(std::shared_ptr<const Catalogue> catalogue, io::DecodeLimits limits = {})
      : catalogue_(std::move(catalogue)), limits_(limits) {}

  VerifyStatus verify(std::string_view request, const VerifyOptions& options, std::string& out) const {
    return api::verify(*catalogue_, request, options, limits_, out);
  }

  const Catalogue& catalogue() const { return *catalogue_; }
  const io::DecodeLimits& limits() const { return limits_; }

 private:
  std::shared_ptr<const Catalogue> catalogue_;
  io::DecodeLimits limits_;
};

}  // namespace rxr::api
