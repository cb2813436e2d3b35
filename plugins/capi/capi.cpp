// The C ABI (sdk/include/rxrules/rxrules.h) over the engine. Every entry
// point catches everything: nothing C++ crosses the boundary, and nothing is
// printed.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "api/engine.h"
#include "api/engine_info.h"
#include "api/pack_loader.h"
#include "capi/embedded_pack.h"
#include "report/json_writer.h"
#include "rxrules/rxrules.h"

// The rules in force, the fingerprints of every rule set the engine has had
// (so that a fingerprint pointer handed out stays valid until close, c-abi.md
// 1.1), and the pin a reload must match. A reload swaps in a new rule set; a
// verification copies the pointer and keeps that rule set alive until it
// finishes. A mutex held for a pointer copy costs what
// std::atomic<std::shared_ptr> costs, and unlike libstdc++ 12's (whose
// internal lock is released with relaxed order after a load)
// ThreadSanitizer can check it.
struct rxr_engine {
  std::shared_ptr<const rxr::api::Catalogue> rules() const {
    const std::lock_guard<std::mutex> lock(mutex);
    return current;
  }
  // The fingerprint in force, as a string that lives until the engine closes.
  const char* fingerprint() const {
    const std::lock_guard<std::mutex> lock(mutex);
    return current_fingerprint->c_str();
  }
  std::optional<std::string> pin() const {
    const std::lock_guard<std::mutex> lock(mutex);
    return pinned;
  }
  // Puts `next` in force; with `pin_to`, pins the engine to its fingerprint.
  void replace(std::shared_ptr<const rxr::api::Catalogue> next, bool pin_to = false) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      // A set's nodes do not move: the pointers handed out stay valid.
      current_fingerprint = &*fingerprints.insert(next->fingerprint).first;
      if (pin_to) pinned = next->fingerprint;
      current.swap(next);
    }
    // `next` now holds the old rules: the last verification using them frees them.
  }

 private:
  mutable std::mutex mutex;
  std::shared_ptr<const rxr::api::Catalogue> current;
  std::set<std::string> fingerprints;  // grows only with rule sets of new content
  const std::string* current_fingerprint = nullptr;
  std::optional<std::string> pinned;
};

namespace {

using rxr::api::Catalogue;

// Set when the plugin is built (plugins/CMakeLists.txt); the other limits keep their defaults.
constexpr rxr::io::DecodeLimits kRequestLimits{.max_request_bytes = RXR_PLUGIN_MAX_REQUEST_BYTES,
                                                .max_depth = RXR_PLUGIN_MAX_DEPTH};

constexpr uint32_t kKnownFlags = RXR_VERIFY_EXPLAIN | RXR_VERIFY_TEXT;

// A copy the host frees with rxr_free; NULL when even that fails.
char* host_string(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

void set_error(char** out_error, std::string_view message) {
  if (out_error != nullptr) *out_error = host_string(message);
}

std::string error_json(std::string_view message) {
  std::string out;
  rxr::report::JsonWriter(out).begin_object().key("error").string(message).end_object();
  return out;
}

struct Loaded {
  rxr_status status = RXR_OK;
  std::shared_ptr<const Catalogue> rules;
  std::string error;
};

// The rules at `rules_path` (a rule file, a pack, or a catalogue of packs),
// or with NULL the pack embedded in this plugin.
Loaded load_rules(const char* rules_path) {
  if (rules_path == nullptr) {
    const rxr::plugin::EmbeddedRules embedded = rxr::plugin::embedded_rules();
    if (embedded.packs.empty()) {
      return {RXR_INVALID_ARGUMENT, nullptr, "this plugin embeds no rule pack: pass the path of a rule file or folder"};
    }
    const auto find = [&embedded](const std::string& name) -> std::optional<std::string_view> {
      for (const auto& file : embedded.files) {
        if (name == file.name) return std::string_view(file.text, file.size);
      }
      return std::nullopt;
    };
    const rxr::api::CatalogueLoad loaded =
        rxr::api::load_catalogue_files({embedded.packs.begin(), embedded.packs.end()}, find);
    if (!loaded.ok()) return {RXR_RULES_ERROR, nullptr, loaded.brief()};
    return {RXR_OK, loaded.catalogue, {}};
  }
  const rxr::api::CatalogueLoad loaded = rxr::api::load_catalogue(rules_path);
  if (loaded.ok()) return {RXR_OK, loaded.catalogue, {}};
  const bool diagnostics = std::any_of(loaded.packs.begin(), loaded.packs.end(),
                                       [](const auto& pack) { return !pack.load.diagnostics.empty(); });
  if (!loaded.io_error.empty() && !diagnostics) return {RXR_IO_ERROR, nullptr, loaded.io_error};
  return {RXR_RULES_ERROR, nullptr, loaded.brief()};
}

// Runs `body`; any exception becomes RXR_INTERNAL_ERROR with its message.
template <typename Body>
rxr_status guarded(char** out_error, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    set_error(out_error, "out of memory");
  } catch (const std::exception& e) {
    set_error(out_error, std::string("internal error: ") + e.what());
  } catch (...) {
    set_error(out_error, "internal error");
  }
  return RXR_INTERNAL_ERROR;
}

std::string mismatch(std::string_view found, std::string_view expected) {
  return "the rules' fingerprint " + std::string(found) + " is not the pinned " + std::string(expected);
}

// "sha256:" and 64 lower-case hex digits, as fingerprints are written.
bool well_formed_fingerprint(std::string_view f) {
  constexpr std::string_view kPrefix = "sha256:";
  if (f.size() != kPrefix.size() + 64 || !f.starts_with(kPrefix)) return false;
  return std::all_of(f.begin() + kPrefix.size(), f.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Loads the rules at `rules_path` and puts them in force when they match
// `expected` (the engine's pin when null); `pin` makes them the new pin.
rxr_status reload_engine(rxr_engine& engine, const char* rules_path, const std::optional<std::string>& expected,
                         bool pin, char** out_error) {
  Loaded loaded = load_rules(rules_path);
  if (loaded.status != RXR_OK) {
    set_error(out_error, loaded.error + "\n(the rules in force are unchanged)");
    return loaded.status;
  }
  if (expected && loaded.rules->fingerprint != *expected) {
    set_error(out_error, mismatch(loaded.rules->fingerprint, *expected) + "\n(the rules in force are unchanged)");
    return RXR_FINGERPRINT_MISMATCH;
  }
  engine.replace(std::move(loaded.rules), pin);
  return RXR_OK;
}

// A malloc'ed copy in *out for the host, or RXR_INTERNAL_ERROR.
rxr_status give(std::string_view text, char** out) {
  *out = host_string(text);
  return *out != nullptr ? RXR_OK : RXR_INTERNAL_ERROR;
}

rxr_status open_engine(const char* rules_path, const char* expected_fingerprint, rxr_engine** out_engine,
                       char** out_error) {
  if (out_error != nullptr) *out_error = nullptr;
  if (out_engine == nullptr) {
    set_error(out_error, "out_engine is NULL");
    return RXR_INVALID_ARGUMENT;
  }
  *out_engine = nullptr;
  return guarded(out_error, [&]() -> rxr_status {
    Loaded loaded = load_rules(rules_path);
    if (loaded.status != RXR_OK) {
      set_error(out_error, loaded.error);
      return loaded.status;
    }
    if (expected_fingerprint != nullptr && loaded.rules->fingerprint != expected_fingerprint) {
      set_error(out_error, mismatch(loaded.rules->fingerprint, expected_fingerprint));
      return RXR_FINGERPRINT_MISMATCH;
    }
    auto engine = std::make_unique<rxr_engine>();
    engine->replace(std::move(loaded.rules), expected_fingerprint != nullptr);
    *out_engine = engine.release();
    return RXR_OK;
  });
}

// rxr_verify and rxr_verify_ex: the response (or the error object) in
// *out_response for the host.
rxr_status verify_request(rxr_engine* engine, const char* request, size_t request_len,
                          const rxr_verify_options* options, char** out_response, size_t* out_len) {
  if (out_len != nullptr) *out_len = 0;
  if (out_response == nullptr) return RXR_INVALID_ARGUMENT;
  *out_response = nullptr;
  auto answer = [&](rxr_status status, std::string_view text) {
    *out_response = host_string(text);
    if (*out_response == nullptr) return RXR_INTERNAL_ERROR;
    if (out_len != nullptr) *out_len = text.size();
    return status;
  };
  if (engine == nullptr) return answer(RXR_INVALID_ARGUMENT, error_json("engine is NULL"));
  if (request == nullptr) return answer(RXR_INVALID_ARGUMENT, error_json("request is NULL"));
  rxr::api::VerifyOptions how;
  if (options != nullptr) {
    if (options->struct_size < sizeof(rxr_verify_options)) {
      return answer(RXR_INVALID_ARGUMENT, error_json("options->struct_size is smaller than rxr_verify_options of "
                                                     "version 1.1: set it to sizeof(rxr_verify_options)"));
    }
    if ((options->flags & ~kKnownFlags) != 0) {
      return answer(RXR_INVALID_ARGUMENT, error_json("options->flags has bits this plugin does not know"));
    }
    how.explain = (options->flags & RXR_VERIFY_EXPLAIN) != 0;
    how.text = (options->flags & RXR_VERIFY_TEXT) != 0;
  }
  try {
    // The rules in force now; a reload meanwhile does not touch this call.
    const std::shared_ptr<const Catalogue> rules = engine->rules();
    thread_local std::string response;
    const auto status = rxr::api::verify(*rules, std::string_view(request, request_len), how, kRequestLimits, response);
    switch (status) {
      case rxr::api::VerifyStatus::kOk: return answer(RXR_OK, response);
      case rxr::api::VerifyStatus::kRequestError: return answer(RXR_REQUEST_ERROR, error_json(response));
      case rxr::api::VerifyStatus::kInternalError: break;
    }
    return answer(RXR_INTERNAL_ERROR, error_json("internal error: " + response));
  } catch (const std::exception& e) {
    return answer(RXR_INTERNAL_ERROR, error_json(std::string("internal error: ") + e.what()));
  } catch (...) {
    return answer(RXR_INTERNAL_ERROR, error_json("internal error"));
  }
}

}  // namespace

extern "C" {

uint32_t rxr_abi_version(void) { return RXR_ABI_VERSION; }

const char* rxr_version(void) { return RXR_VERSION_STRING; }

rxr_status rxr_engine_open(const char* rules_path, rxr_engine** out_engine, char** out_error) {
  return open_engine(rules_path, nullptr, out_engine, out_error);
}

rxr_status rxr_engine_open_pinned(const char* rules_path, const char* expected_fingerprint,
                                  rxr_engine** out_engine, char** out_error) {
  if (expected_fingerprint == nullptr) {
    if (out_engine != nullptr) *out_engine = nullptr;
    if (out_error != nullptr) *out_error = host_string("expected_fingerprint is NULL");
    return RXR_INVALID_ARGUMENT;
  }
  return open_engine(rules_path, expected_fingerprint, out_engine, out_error);
}

rxr_status rxr_verify(rxr_engine* engine, const char* request, size_t request_len, char** out_response,
                      size_t* out_len) {
  return rxr_verify_ex(engine, request, request_len, nullptr, out_response, out_len);
}

rxr_status rxr_engine_reload(rxr_engine* engine, const char* rules_path, char** out_error) {
  if (out_error != nullptr) *out_error = nullptr;
  if (engine == nullptr) {
    set_error(out_error, "engine is NULL");
    return RXR_INVALID_ARGUMENT;
  }
  // A pinned engine accepts only the pinned rules.
  return guarded(out_error, [&] { return reload_engine(*engine, rules_path, engine->pin(), false, out_error); });
}

rxr_status rxr_engine_reload_pinned(rxr_engine* engine, const char* rules_path, const char* expected_fingerprint,
                                    char** out_error) {
  if (out_error != nullptr) *out_error = nullptr;
  if (engine == nullptr || expected_fingerprint == nullptr) {
    set_error(out_error, engine == nullptr ? "engine is NULL" : "expected_fingerprint is NULL");
    return RXR_INVALID_ARGUMENT;
  }
  if (!well_formed_fingerprint(expected_fingerprint)) {
    set_error(out_error, "expected_fingerprint is not \"sha256:\" and 64 lower-case hex digits");
    return RXR_INVALID_ARGUMENT;
  }
  return guarded(out_error, [&] {
    return reload_engine(*engine, rules_path, std::string(expected_fingerprint), true, out_error);
  });
}

const char* rxr_engine_fingerprint(const rxr_engine* engine) {
  if (engine == nullptr) return "";
  return engine->fingerprint();
}

rxr_status rxr_engine_fingerprint_copy(const rxr_engine* engine, char** out_fingerprint) {
  if (out_fingerprint == nullptr) return RXR_INVALID_ARGUMENT;
  *out_fingerprint = nullptr;
  if (engine == nullptr) return RXR_INVALID_ARGUMENT;
  return guarded(nullptr, [&] { return give(engine->fingerprint(), out_fingerprint); });
}

rxr_status rxr_engine_info(const rxr_engine* engine, char** out_json) {
  if (out_json == nullptr) return RXR_INVALID_ARGUMENT;
  *out_json = nullptr;
  if (engine == nullptr) return RXR_INVALID_ARGUMENT;
  return guarded(nullptr, [&] { return give(rxr::api::engine_info_json(*engine->rules(), RXR_ABI_VERSION), out_json); });
}

rxr_status rxr_verify_ex(rxr_engine* engine, const char* request, size_t request_len,
                         const rxr_verify_options* options, char** out_response, size_t* out_len) {
  return verify_request(engine, request, request_len, options, out_response, out_len);
}

void rxr_engine_close(rxr_engine* engine) { delete engine; }

void rxr_free(void* p) { std::free(p); }

const char* rxr_status_name(rxr_status s) {
  switch (s) {
    case RXR_OK: return "RXR_OK";
    case RXR_INVALID_ARGUMENT: return "RXR_INVALID_ARGUMENT";
    case RXR_RULES_ERROR: return "RXR_RULES_ERROR";
    case RXR_REQUEST_ERROR: return "RXR_REQUEST_ERROR";
    case RXR_IO_ERROR: return "RXR_IO_ERROR";
    case RXR_FINGERPRINT_MISMATCH: return "RXR_FINGERPRINT_MISMATCH";
    case RXR_INTERNAL_ERROR: return "RXR_INTERNAL_ERROR";
  }
  return "RXR_UNKNOWN_STATUS";
}

}  // extern "C"
