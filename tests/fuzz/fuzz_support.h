// What the fuzz targets share: the shipped rule files, read once, and the
// compiled inotuzumab pack. Loading happens on first use, outside the
// measured inputs; a pack that does not load is a broken checkout, so the
// harness aborts rather than fuzz nothing.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "api/pack_loader.h"

#ifndef RXR_SOURCE_DIR
#error "RXR_SOURCE_DIR must name the source tree (set by tests/fuzz/CMakeLists.txt)"
#endif

namespace rxr::fuzz {

inline const compile::RuleSet& inotuzumab_pack() {
  static const std::unique_ptr<const compile::RuleSet> rules = [] {
    api::LoadResult loaded = api::load_pack(RXR_SOURCE_DIR "/rules/inotuzumab_ozogamicin");
    if (!loaded.ok()) {
      std::fprintf(stderr, "fuzz: the inotuzumab pack does not load: %s%s\n", loaded.io_error.c_str(),
                   syntax::render_all(loaded.diagnostics, loaded.sources).c_str());
      std::abort();
    }
    return std::unique_ptr<const compile::RuleSet>(std::move(loaded.rules));
  }();
  return *rules;
}

// An invariant of the engine does not hold: report it and abort, so that
// libFuzzer saves the input and the replay test fails.
[[noreturn]] inline void violated(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz: invariant violated: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace rxr::fuzz
