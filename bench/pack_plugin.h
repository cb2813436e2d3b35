// The rule-pack plugin as a host loads it: dlopen, the C ABI's open, verify
// and free, and one open engine. Shared by the benchmarks that time and count
// the whole rxr_verify call.
#pragma once

#include <dlfcn.h>

#include <cstdio>
#include <optional>
#include <string_view>

#include "rxrules/rxrules.h"

namespace rxr::bench {

struct PackPlugin {
  rxr_status (*open)(const char*, rxr_engine**, char**) = nullptr;
  rxr_status (*verify)(rxr_engine*, const char*, size_t, char**, size_t*) = nullptr;
  void (*release)(void*) = nullptr;
  rxr_engine* engine = nullptr;

  // The plugin at `path` with its embedded pack open, or with the rules at
  // `rules` (a pack or catalogue folder); nullopt, said on stderr, when
  // either fails. The library stays loaded for the process.
  static std::optional<PackPlugin> load(const char* path, const char* rules = nullptr) {
    void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      std::fprintf(stderr, "%s\n", dlerror());
      return std::nullopt;
    }
    PackPlugin plugin;
    *reinterpret_cast<void**>(&plugin.open) = dlsym(library, "rxr_engine_open");
    *reinterpret_cast<void**>(&plugin.verify) = dlsym(library, "rxr_verify");
    *reinterpret_cast<void**>(&plugin.release) = dlsym(library, "rxr_free");
    if (plugin.open == nullptr || plugin.verify == nullptr || plugin.release == nullptr ||
        plugin.open(rules, &plugin.engine, nullptr) != RXR_OK) {
      std::fprintf(stderr, "could not open the engine of %s\n", path);
      return std::nullopt;
    }
    return plugin;
  }

  // One call as a host makes it: the response is produced, then released.
  void verify_once(std::string_view request) const {
    char* response = nullptr;
    verify(engine, request.data(), request.size(), &response, nullptr);
    release(response);
  }
};

}  // namespace rxr::bench
