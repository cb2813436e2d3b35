// C++ SDK for rxrules plugins. Loads a plugin with Boost.DLL, checks its
// ABI version, and wraps the C ABI (rxrules.h) in RAII types; failures
// become rxrules::Error exceptions carrying the plugin's message.
//
//   rxrules::Plugin plugin("/usr/lib/rxrules/librxrules_inotuzumab_ozogamicin.so");
//   rxrules::Engine engine = plugin.open_embedded();
//   rxrules::Response r = engine.verify(request_json);
//   log(r.verdict(), engine.fingerprint());
//
// Thread safety: as the C ABI. Engine::verify may run on many threads at
// once; reload may run alongside it. A Plugin outlives nothing it must not:
// engines keep their plugin loaded.
#pragma once

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <boost/dll/shared_library.hpp>

#include "rxrules/rxrules.h"

namespace rxrules {

class Error : public std::runtime_error {
 public:
  Error(rxr_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  rxr_status status() const noexcept { return status_; }

 private:
  rxr_status status_;
};

// A verification's answer: the response JSON of request-response.md.
class Response {
 public:
  explicit Response(std::string json) : json_(std::move(json)) {}
  const std::string& json() const noexcept { return json_; }
  // "pass", "warn" or "block".
  std::string verdict() const {
    static constexpr std::string_view kKey = "\"verdict\":\"";
    const std::size_t start = json_.find(kKey);
    if (start == std::string::npos) return {};
    const std::size_t from = start + kKey.size();
    return json_.substr(from, json_.find('"', from) - from);
  }

 private:
  std::string json_;
};

namespace detail {

// The plugin's functions, resolved once. Shared by every engine it opened,
// so the library stays loaded while any of them lives.
struct Functions {
  boost::dll::shared_library library;
  uint32_t (*abi_version)(void);
  const char* (*version)(void);
  rxr_status (*open)(const char*, rxr_engine**, char**);
  rxr_status (*open_pinned)(const char*, const char*, rxr_engine**, char**);
  rxr_status (*verify)(rxr_engine*, const char*, size_t, char**, size_t*);
  rxr_status (*reload)(rxr_engine*, const char*, char**);
  const char* (*fingerprint)(const rxr_engine*);
  void (*close)(rxr_engine*);
  void (*free)(void*);
  const char* (*status_name)(rxr_status);

  explicit Functions(const std::filesystem::path& path)
      : library(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local),
        abi_version(&library.get<uint32_t(void)>("rxr_abi_version")),
        version(&library.get<const char*(void)>("rxr_version")),
        open(&library.get<rxr_status(const char*, rxr_engine**, char**)>("rxr_engine_open")),
        open_pinned(&library.get<rxr_status(const char*, const char*, rxr_engine**, char**)>("rxr_engine_open_pinned")),
        verify(&library.get<rxr_status(rxr_engine*, const char*, size_t, char**, size_t*)>("rxr_verify")),
        reload(&library.get<rxr_status(rxr_engine*, const char*, char**)>("rxr_engine_reload")),
        fingerprint(&library.get<const char*(const rxr_engine*)>("rxr_engine_fingerprint")),
        close(&library.get<void(rxr_engine*)>("rxr_engine_close")),
        free(&library.get<void(void*)>("rxr_free")),
        status_name(&library.get<const char*(rxr_status)>("rxr_status_name")) {}

  // Takes ownership of a string the plugin returned.
  std::string take(char* text) const {
    std::string out = text != nullptr ? text : "";
    free(text);
    return out;
  }

  [[noreturn]] void fail(rxr_status status, char* message) const {
    throw Error(status, std::string(status_name(status)) + ": " + take(message));
  }
};

}  // namespace detail

class Engine {
 public:
  Engine(Engine&& other) noexcept
      : functions_(std::move(other.functions_)), engine_(std::exchange(other.engine_, nullptr)) {}
  Engine& operator=(Engine&& other) noexcept {
    if (this != &other) {
      reset();
      functions_ = std::move(other.functions_);
      engine_ = std::exchange(other.engine_, nullptr);
    }
    return *this;
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine() { reset(); }

  // Throws Error(RXR_REQUEST_ERROR) when the request is not a JSON object.
  Response verify(std::string_view request) const {
    char* out = nullptr;
    size_t length = 0;
    const rxr_status status = functions_->verify(engine_, request.data(), request.size(), &out, &length);
    if (status != RXR_OK) functions_->fail(status, out);
    std::string json(out, length);
    functions_->free(out);
    return Response(std::move(json));
  }

  // Swaps the rules atomically; on failure the old rules stay and Error says why.
  void reload(const std::string& rules_path) const { reload_from(rules_path.c_str()); }
  void reload_embedded() const { reload_from(nullptr); }

  std::string fingerprint() const { return functions_->fingerprint(engine_); }

 private:
  friend class Plugin;
  Engine(std::shared_ptr<const detail::Functions> functions, rxr_engine* engine)
      : functions_(std::move(functions)), engine_(engine) {}

  void reload_from(const char* path) const {
    char* error = nullptr;
    const rxr_status status = functions_->reload(engine_, path, &error);
    if (status != RXR_OK) functions_->fail(status, error);
  }
  void reset() noexcept {
    if (functions_ && engine_ != nullptr) functions_->close(engine_);
    engine_ = nullptr;
  }

  std::shared_ptr<const detail::Functions> functions_;
  rxr_engine* engine_ = nullptr;
};

class Plugin {
 public:
  // Loads the plugin; throws Error(RXR_INVALID_ARGUMENT) when its ABI
  // version is not the one this header was written for, and
  // boost::dll's exceptions when the file is not a loadable plugin.
  explicit Plugin(const std::filesystem::path& path) : functions_(std::make_shared<detail::Functions>(path)) {
    if (functions_->abi_version() != RXR_ABI_VERSION) {
      throw Error(RXR_INVALID_ARGUMENT, "plugin " + path.string() + " has ABI version " +
                                            std::to_string(functions_->abi_version()) + ", expected " +
                                            std::to_string(RXR_ABI_VERSION));
    }
  }

  std::string version() const { return functions_->version(); }

  // Rules from a file or folder; Error lists every diagnostic on failure.
  Engine open(const std::string& rules_path) const { return open_from(rules_path.c_str(), nullptr); }
  // The pack embedded in a rule-pack plugin.
  Engine open_embedded() const { return open_from(nullptr, nullptr); }
  // Refuses rules whose fingerprint is not `fingerprint` (RXR_FINGERPRINT_MISMATCH).
  Engine open_pinned(const std::string& rules_path, const std::string& fingerprint) const {
    return open_from(rules_path.c_str(), fingerprint.c_str());
  }
  Engine open_embedded_pinned(const std::string& fingerprint) const { return open_from(nullptr, fingerprint.c_str()); }

 private:
  Engine open_from(const char* path, const char* fingerprint) const {
    rxr_engine* engine = nullptr;
    char* error = nullptr;
    const rxr_status status = fingerprint != nullptr
                                  ? functions_->open_pinned(path, fingerprint, &engine, &error)
                                  : functions_->open(path, &engine, &error);
    if (status != RXR_OK) functions_->fail(status, error);
    return Engine(functions_, engine);
  }

  std::shared_ptr<const detail::Functions> functions_;
};

}  // namespace rxrules
