// Reads a verification request (shared/spec/request-response.md) into Facts:
// every value converted to base units and placed in its schema slot, every
// present-but-unusable value recorded as a Problem. Text that is not a JSON
// object at all is refused as a whole instead.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <memory>
#include <string>
#include <string_view>

#include "schema/facts.h"
#include "schema/symbol_table.h"

namespace rxr::io {

struct DecodeLimits {
  std::size_t max_request_bytes = 1 << 20;  // 1 MiB
  std::size_t max_depth = 64;               // nested arrays and objects, the request object
                                            // being 1; an empty [] or {} is no level (simdjson)
  std::size_t max_list_items = 1000;        // per array
  std::size_t max_string_bytes = 4096;      // any one string value
};

enum class DecodeStatus {
  kOk,             // facts are filled; they may carry problems
  kNotAnObject,    // not JSON, truncated, too deep, too large, or not an object at the top
  kOutOfMemory,    // the request is not judged: memory ran out
  kInternalError,  // the request is not judged: an exception inside the decoder, a bug
};

struct DecodeResult {
  DecodeStatus status = DecodeStatus::kOk;
  std::string error;  // otherwise: one sentence, "request is not valid JSON: ... at byte 17"
};

// One per thread: it keeps its simdjson parser, parsed document and input
// buffer between calls, so that decoding requests no larger than earlier
// ones does not allocate (problems, being rare, may).
//
// A request is parsed once, then read twice: a few values the engine needs
// before it knows which rule pack answers (`text_at`: order.drug, id,
// as_of), then everything by that pack's schema (`fill`).
class RequestDecoder {
 public:
  // Throws std::bad_alloc when the initial parser buffers cannot be allocated.
  explicit RequestDecoder(DecodeLimits limits = {});
  ~RequestDecoder();
  // A moved-from decoder may only be destroyed or assigned to.
  RequestDecoder(RequestDecoder&&) noexcept;
  RequestDecoder& operator=(RequestDecoder&&) noexcept;

  // Parses `json`, which must be a JSON object within the limits. Never
  // throws: any failure, out of memory included, comes back with a message.
  DecodeResult parse(std::string_view json) noexcept;

  // After a successful parse: the value at `path` ("order", "drug") of the
  // request as a string, or nullopt when it is absent, null or not a string;
  // `present` says whether something other than null is there.
  std::optional<std::string_view> text_at(std::initializer_list<std::string_view> path, bool* present = nullptr) const;
  // After a successful parse: what the value at `path` is ("an object", "a
  // string", ...), or nullopt when it is absent or null.
  std::optional<std::string_view> kind_at(std::initializer_list<std::string_view> path) const;

  // After a successful parse: resets `facts` and fills it by `schema`.
  // `now` (seconds since the epoch, UTC) stands in for an absent as_of. Text
  // views in `facts` point into this decoder and stay valid until its next
  // parse. Never throws; on a failure `facts` must not be used.
  DecodeResult fill(const schema::Schema& schema, const SymbolTable& symbols, double now, Facts& facts) noexcept;

  // parse, then fill.
  DecodeResult decode(std::string_view json, const schema::Schema& schema, const SymbolTable& symbols, double now,
                      Facts& facts) noexcept;

  const DecodeLimits& limits() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rxr::io
