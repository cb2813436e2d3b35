// Helpers for tests that load rule text and verify requests with it.
#pragma once

#include <string>

#include "api/engine.h"
#include "api/pack_loader.h"

namespace rxr::testing {

// The bytes of a file (a request, a rule file), or "" when it cannot be read.
std::string read_file(const std::string& path);

// Writes `text` as pack.rxr in a fresh temporary folder and loads it.
api::LoadResult load_rules(const std::string& text);

// A pack header plus `body`, loaded; fails the test when it does not load.
api::Engine engine_for(const std::string& body);

// The response JSON for `request`; fails the test on a request error.
std::string verify(const api::Engine& engine, const std::string& request);

// The verdict and the "rule:severity" of each finding, e.g. "block INO-1:block".
std::string summary(const api::Engine& engine, const std::string& request);

}  // namespace rxr::testing
