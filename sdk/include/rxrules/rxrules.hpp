// C++ SDK for rxrules plugins (C++17). Loads a plugin with Boost.DLL, checks
// its ABI version, and wraps the C ABI (rxrules.h) in RAII types. Every
// failure is an rxrules::Error carrying the status and the plugin's (or the
// loader's) message; nothing else is thrown.
//
//   rxrules::Plugin plugin(plugindir + "/librxrules_catalogue.so");
//   rxrules::Engine engine = plugin.open_embedded();
//   rxrules::Response r = engine.verify(request_json);
//   audit(r.fingerprint(), r.verdict(), r.body());   // the rules that answered
//
// Thread safety: as the C ABI. Engine::verify may run on many threads at
// once; reload may run alongside it. Engines keep their plugin loaded.
#pragma once

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif

#include <dlfcn.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
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

// Per-call options of Engine::verify (rxr_verify_ex).
struct VerifyOptions {
  bool explain = false;  // add "explain" (the condition trees) to the JSON
  bool text = false;     // the pharmacist's text report instead of JSON
};

// A verification's answer: the response JSON of request-response.md, or
// the text report when VerifyOptions::text asked for it.
class Response {
 public:
  Response(std::string body, bool is_text) : body_(std::move(body)), is_text_(is_text) {}
  const std::string& body() const noexcept { return body_; }
  const std::string& json() const noexcept { return body_; }  // the body; JSON unless asked for text
  bool is_text() const noexcept { return is_text_; }

  // "pass", "warn" or "block"; "" for a text report.
  std::string verdict() const { return member("\"verdict\":\""); }
  // The fingerprint of the rule pack that answered (the response's
  // "ruleset"; the catalogue's when no pack covers the drug), which is what
  // an audit trail records beside the verdict: the engine's fingerprint read
  // afterwards may already be a reload's. "" for a text report.
  std::string fingerprint() const {
    const std::size_t ruleset = is_text_ ? std::string::npos : body_.find("\"ruleset\":{");
    return ruleset == std::string::npos ? std::string() : member("\"fingerprint\":\"", ruleset);
  }

 private:
  // The string value after `key`, found outside every string: the writer
  // escapes quotes inside strings, so an unescaped `"key":"` is a member.
  std::string member(std::string_view key, std::size_t from = 0) const {
    if (is_text_) return {};
    const std::size_t start = body_.find(key, from);
    if (start == std::string::npos) return {};
    const std::size_t value = start + key.size();
    return body_.substr(value, body_.find('"', value) - value);
  }

  std::string body_;
  bool is_text_;
};

namespace detail {

// The loader's own reason a library does not load. Boost.DLL reports only
// an errno code (and clears dlerror), so ask the loader once more.
inline std::string loader_message(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) {  // a bare name is searched on the loader's path instead
    if (!std::filesystem::exists(path, ec)) return path.string() + ": no such file";
    if (std::filesystem::is_directory(path, ec)) return path.string() + ": is a directory, not a plugin";
  }
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return reason != nullptr ? reason : path.string() + ": does not load";
  }
  dlclose(handle);
  return path.string() + ": does not load";
}

inline boost::dll::shared_library load(const std::filesystem::path& path) {
  boost::dll::fs::error_code ec;
  boost::dll::shared_library library(path, ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec) throw Error(RXR_INVALID_ARGUMENT, "cannot load plugin: " + loader_message(path));
  return library;
}

// A function of the plugin; null when it does not export `name` (the 1.1
// functions in a version-1.0 plugin).
template <typename Signature>
Signature* find(const boost::dll::shared_library& library, const char* name) {
  return library.has(name) ? &library.get<Signature>(name) : nullptr;
}

template <typename Signature>
Signature* require(const boost::dll::shared_library& library, const std::filesystem::path& path, const char* name) {
  Signature* function = find<Signature>(library, name);
  if (function == nullptr) {
    throw Error(RXR_INVALID_ARGUMENT, "not an rxrules plugin: " + path.string() + " does not export " + name);
  }
  return function;
}

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
  // Version 1.1; null in a 1.0 plugin.
  rxr_status (*fingerprint_copy)(const rxr_engine*, char**);
  rxr_status (*info)(const rxr_engine*, char**);
  rxr_status (*reload_pinned)(rxr_engine*, const char*, const char*, char**);
  rxr_status (*verify_ex)(rxr_engine*, const char*, size_t, const rxr_verify_options*, char**, size_t*);

  explicit Functions(const std::filesystem::path& path)
      : library(load(path)),
        abi_version(require<uint32_t(void)>(library, path, "rxr_abi_version")),
        version(require<const char*(void)>(library, path, "rxr_version")),
        open(require<rxr_status(const char*, rxr_engine**, char**)>(library, path, "rxr_engine_open")),
        open_pinned(require<rxr_status(const char*, const char*, rxr_engine**, char**)>(library, path,
                                                                                        "rxr_engine_open_pinned")),
        verify(require<rxr_status(rxr_engine*, const char*, size_t, char**, size_t*)>(library, path, "rxr_verify")),
        reload(require<rxr_status(rxr_engine*, const char*, char**)>(library, path, "rxr_engine_reload")),
        fingerprint(require<const char*(const rxr_engine*)>(library, path, "rxr_engine_fingerprint")),
        close(require<void(rxr_engine*)>(library, path, "rxr_engine_close")),
        free(require<void(void*)>(library, path, "rxr_free")),
        status_name(require<const char*(rxr_status)>(library, path, "rxr_status_name")),
        fingerprint_copy(find<rxr_status(const rxr_engine*, char**)>(library, "rxr_engine_fingerprint_copy")),
        info(find<rxr_status(const rxr_engine*, char**)>(library, "rxr_engine_info")),
        reload_pinned(find<rxr_status(rxr_engine*, const char*, const char*, char**)>(library,
                                                                                       "rxr_engine_reload_pinned")),
        verify_ex(find<rxr_status(rxr_engine*, const char*, size_t, const rxr_verify_options*, char**, size_t*)>(
            library, "rxr_verify_ex")) {}

  // Takes ownership of a string the plugin returned.
  std::string take(char* text) const {
    std::string out = text != nullptr ? text : "";
    free(text);
    return out;
  }

  [[noreturn]] void fail(rxr_status status, char* message) const {
    throw Error(status, std::string(status_name(status)) + ": " + take(message));
  }

  template <typename Function>
  Function* need(Function* function, const char* name) const {
    if (function == nullptr) {
      throw Error(RXR_INVALID_ARGUMENT, std::string("this plugin (version ") + version() + ") has no " + name +
                                            " (C ABI 1.1)");
    }
    return function;
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
    const rxr_status status = functions().verify(handle(), request.data(), request.size(), &out, &length);
    return answer(status, out, length, false);
  }
  Response verify(std::string_view request, VerifyOptions options) const {
    rxr_verify_options c_options{sizeof(rxr_verify_options), 0};
    if (options.explain) c_options.flags |= RXR_VERIFY_EXPLAIN;
    if (options.text) c_options.flags |= RXR_VERIFY_TEXT;
    char* out = nullptr;
    size_t length = 0;
    const rxr_status status = functions().need(functions().verify_ex, "rxr_verify_ex")(
        handle(), request.data(), request.size(), &c_options, &out, &length);
    return answer(status, out, length, options.text);
  }

  // Swaps the rules atomically; on failure the old rules stay and Error says
  // why. A pinned engine accepts only rules with its pinned fingerprint.
  void reload(const std::string& rules_path) const { reload_from(rules_path.c_str()); }
  void reload_embedded() const { reload_from(nullptr); }
  // Reloads only rules with `fingerprint`, and pins the engine to it.
  void reload_pinned(const std::string& rules_path, const std::string& fingerprint) const {
    char* error = nullptr;
    const rxr_status status = functions().need(functions().reload_pinned, "rxr_engine_reload_pinned")(
        handle(), rules_path.c_str(), fingerprint.c_str(), &error);
    if (status != RXR_OK) functions().fail(status, error);
  }

  // The fingerprint in force now. To record which rules answered a
  // verification, use Response::fingerprint(): a reload may come between.
  std::string fingerprint() const {
    // A 1.0 plugin has only the borrowed fingerprint, which it may free
    // during a concurrent reload; 1.1 plugins answer with a copy.
    if (functions().fingerprint_copy == nullptr) return functions_->fingerprint(engine_);
    return take_string(functions_->fingerprint_copy, "rxr_engine_fingerprint_copy");
  }
  // rxr_engine_info's JSON: versions, fingerprints, packs and their policies.
  std::string info() const { return take_string(functions().info, "rxr_engine_info"); }

 private:
  friend class Plugin;
  Engine(std::shared_ptr<const detail::Functions> functions, rxr_engine* engine)
      : functions_(std::move(functions)), engine_(engine) {}

  // A moved-from engine has no handle: using it is a programming error that
  // must not reach the plugin as a null engine.
  rxr_engine* handle() const {
    if (engine_ == nullptr) throw Error(RXR_INVALID_ARGUMENT, "rxrules::Engine used after it was moved from");
    return engine_;
  }
  const detail::Functions& functions() const {
    handle();
    return *functions_;
  }

  Response answer(rxr_status status, char* out, size_t length, bool is_text) const {
    if (status != RXR_OK) functions_->fail(status, out);
    std::string body(out, length);
    functions_->free(out);
    return Response(std::move(body), is_text && status == RXR_OK);
  }

  std::string take_string(rxr_status (*function)(const rxr_engine*, char**), const char* name) const {
    char* out = nullptr;
    const rxr_status status = functions().need(function, name)(handle(), &out);
    if (status != RXR_OK) functions_->fail(status, nullptr);
    return functions_->take(out);
  }

  void reload_from(const char* path) const {
    char* error = nullptr;
    const rxr_status status = functions().reload(handle(), path, &error);
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
  // Loads the plugin. Error(RXR_INVALID_ARGUMENT) when it does not load
  // (with the loader's message), is not an rxrules plugin, or has an ABI
  // version other than the one this header was written for.
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
  // The rules embedded in a rule-pack or catalogue plugin.
  Engine open_embedded() const { return open_from(nullptr, nullptr); }
  // Refuses rules whose fingerprint is not `fingerprint` (RXR_FINGERPRINT_MISMATCH);
  // the engine stays pinned across reloads.
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
