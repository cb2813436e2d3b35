#include "io/decode_request.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <new>
#include <optional>

#include "io/fact_walker.h"
#include "io/json_error.h"

namespace rxr::io {
namespace {

// Buffers are sized for this much input up front and grown by doubling, so
// a stream of slowly growing requests does not reallocate on every one.
constexpr std::size_t kInitialCapacity = 64 * 1024;

DecodeResult refuse(std::string message) {
  return {DecodeStatus::kNotAnObject, std::move(message)};
}

// Runs inside a catch handler of a noexcept function: it must not throw in turn.
DecodeResult internal_failure(const char* what) noexcept {
  try {
    return {DecodeStatus::kInternalError, std::string("request could not be decoded: ") + what};
  } catch (...) {
    return {DecodeStatus::kOutOfMemory, "out of memory"};
  }
}

}  // namespace

class RequestDecoder::Impl {
 public:
  explicit Impl(DecodeLimits limits) : limits_(limits) {
    if (!reserve(std::min(kInitialCapacity, limits_.max_request_bytes))) throw std::bad_alloc();
  }

  const DecodeLimits& limits() const { return limits_; }

  DecodeResult parse(std::string_view json) {
    parsed_ = false;
    simdjson::dom::element root;
    if (DecodeResult refused = parse_document(json, root); refused.status != DecodeStatus::kOk) return refused;
    if (root.get_object().get(request_) != simdjson::SUCCESS) {
      return refuse(fmt::format("request must be a JSON object, not {}", kind_of(root)));
    }
    parsed_ = true;
    return {};
  }

  // The value at `path`, when there is one other than null.
  std::optional<simdjson::dom::element> element_at(std::initializer_list<std::string_view> path) const {
    if (!parsed_) return std::nullopt;
    simdjson::dom::object object = request_;
    simdjson::dom::element at;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (i > 0 && at.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
      if (object.at_key(*(path.begin() + i)).get(at) != simdjson::SUCCESS) return std::nullopt;
    }
    if (at.is_null()) return std::nullopt;
    return at;
  }

  std::optional<std::string_view> text_at(std::initializer_list<std::string_view> path, bool* present) const {
    const std::optional<simdjson::dom::element> at = element_at(path);
    if (present != nullptr) *present = at.has_value();
    std::string_view text;
    if (!at || at->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
    return text;
  }

  std::optional<std::string_view> kind_at(std::initializer_list<std::string_view> path) const {
    const std::optional<simdjson::dom::element> at = element_at(path);
    if (!at) return std::nullopt;
    return kind_of(*at);
  }

  DecodeResult fill(const schema::Schema& schema, const SymbolTable& symbols, double now, Facts& facts) {
    facts.reset(schema);
    if (!parsed_) return {DecodeStatus::kInternalError, "request could not be decoded: nothing was parsed"};
    FactWalker(limits_, schema, symbols, facts, names_).request(request_, now);
    return {};
  }

 private:
  DecodeResult parse_document(std::string_view json, simdjson::dom::element& root) {
    if (json.size() > limits_.max_request_bytes) {
      return refuse(fmt::format("request is {} bytes, larger than the limit of {} bytes",
                                json.size(), limits_.max_request_bytes));
    }
    if (!reserve(json.size())) return {DecodeStatus::kOutOfMemory, "out of memory while reading the request"};
    // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input,
    // so the caller's text is copied into a buffer that has them.
    if (!json.empty()) std::memcpy(buffer_.get(), json.data(), json.size());
    const auto parsed = parser_.parse_into_document(document_, buffer_.get(), json.size(), false);
    if (parsed.error() != simdjson::SUCCESS) return refuse(json_error(json, parsed.error()));
    root = parsed.value_unsafe();
    return {};
  }

  std::string json_error(std::string_view json, simdjson::error_code code) const {
    if (code == simdjson::EMPTY) return "request is empty";
    const std::optional<JsonErrorSite> site = find_json_error(json, limits_.max_depth);
    if (code == simdjson::DEPTH_ERROR) {
      return fmt::format("request nests arrays and objects deeper than the limit of {}{}",
                         limits_.max_depth, site ? fmt::format(" at byte {}", site->offset) : "");
    }
    if (site) {
      return fmt::format("request is not valid JSON: {} at byte {}", site->reason, site->offset);
    }
    return fmt::format("request is not valid JSON: {}", simdjson::error_message(code));
  }

  // Makes room for a request of `bytes`; false when memory runs out.
  bool reserve(std::size_t bytes) {
    if (bytes <= capacity_ && buffer_) return true;
    const std::size_t grown =
        std::min(std::max(capacity_ * 2, kInitialCapacity), limits_.max_request_bytes);
    const std::size_t capacity = std::max(bytes, grown);
    buffer_.reset(new (std::nothrow) char[capacity + simdjson::SIMDJSON_PADDING]());
    capacity_ = 0;
    if (!buffer_) return false;
    // simdjson counts the document itself as one level of depth.
    if (parser_.allocate(capacity, limits_.max_depth + 1) != simdjson::SUCCESS) return false;
    if (document_.allocate(capacity) != simdjson::SUCCESS) return false;
    capacity_ = capacity;
    return true;
  }

  DecodeLimits limits_;
  simdjson::dom::parser parser_;
  simdjson::dom::document document_;  // holds the strings Facts point into
  std::unique_ptr<char[]> buffer_;    // the request, padded for simdjson
  std::size_t capacity_ = 0;          // request bytes the buffers can take
  std::string names_;                 // normalised names, for the walker
  simdjson::dom::object request_;     // the parsed request, when parsed_
  bool parsed_ = false;
};

RequestDecoder::RequestDecoder(DecodeLimits limits) : impl_(std::make_unique<Impl>(limits)) {}
RequestDecoder::~RequestDecoder() = default;
RequestDecoder::RequestDecoder(RequestDecoder&&) noexcept = default;
RequestDecoder& RequestDecoder::operator=(RequestDecoder&&) noexcept = default;

const DecodeLimits& RequestDecoder::limits() const { return impl_->limits(); }

// Runs `body` inside a noexcept boundary: any exception becomes a status.
template <typename Body>
DecodeResult guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return {DecodeStatus::kOutOfMemory, "out of memory"};
  } catch (const std::exception& e) {
    return internal_failure(e.what());
  } catch (...) {
    return internal_failure("unknown error");
  }
}

DecodeResult RequestDecoder::parse(std::string_view json) noexcept {
  return guarded([&] { return impl_->parse(json); });
}

std::optional<std::string_view> RequestDecoder::text_at(std::initializer_list<std::string_view> path,
                                                        bool* present) const {
  return impl_->text_at(path, present);
}

std::optional<std::string_view> RequestDecoder::kind_at(std::initializer_list<std::string_view> path) const {
  return impl_->kind_at(path);
}

DecodeResult RequestDecoder::fill(const schema::Schema& schema, const SymbolTable& symbols, double now,
                                  Facts& facts) noexcept {
  return guarded([&] { return impl_->fill(schema, symbols, now, facts); });
}

DecodeResult RequestDecoder::decode(std::string_view json, const schema::Schema& schema, const SymbolTable& symbols,
                                    double now, Facts& facts) noexcept {
  if (DecodeResult parsed = parse(json); parsed.status != DecodeStatus::kOk) return parsed;
  return fill(schema, symbols, now, facts);
}

}  // namespace rxr::io
