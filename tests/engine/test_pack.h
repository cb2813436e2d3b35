// Helpers for tests that load rule text and verify requests with it.
#pragma once

#include <memory>
#include <string>

#include "api/engine.h"
#include "api/pack_loader.h"

namespace rxr::testing {

// The bytes of a file (a request, a rule file), or "" when it cannot be read.
std::string read_file(const std::string& path);

// Loads `text` as the single file pack.rxr of a pack held in memory.
api::LoadResult load_rules(const std::string& text);

// The shipped inotuzumab ozogamicin pack, loaded once per test program;
// throws with its diagnostics when it does not load.
std::shared_ptr<const compile::RuleSet> shipped_rules();

// A pack header plus `body`, loaded; fails the test when it does not load.
api::Engine engine_for(const std::string& body);

// The response JSON for `request`; fails the test on a request error.
std::string verify(const api::Engine& engine, const std::string& request);

// The verdict and the "rule:severity" of each finding, e.g. "block INO-1:block".
std::string summary(const api::Engine& engine, const std::string& request);

}  // namespace rxr::testing
