// Helpers for tests that load rule text and verify requests with it.
#pragma once

#include <memory>
#include <string>

#include "api/catalogue.h"
#include "api/engine.h"
#include "api/pack_loader.h"

namespace rxr::testing {

// The bytes of a file (a request, a rule file), or "" when it cannot be read.
std::string read_file(const std::string& path);

// Loads `text` as the file pack.rxr of a pack held in memory, beside the
// shipped shared files (it may import "../common/request.rxr").
api::LoadResult load_rules(const std::string& text);

// The shipped catalogue (rules/), loaded once per test program; throws with
// its diagnostics when it does not load.
std::shared_ptr<const api::Catalogue> shipped_catalogue();

// A pack that requests are verified against whatever drug they order.
class TestPack {
 public:
  explicit TestPack(std::shared_ptr<const compile::RuleSet> rules) : rules_(std::move(rules)) {}
  api::VerifyStatus verify(const std::string& request, const api::VerifyOptions& options, std::string& out) const;
  const compile::RuleSet& rules() const { return *rules_; }

 private:
  std::shared_ptr<const compile::RuleSet> rules_;
};

// A pack header, the shared request fields, and `body`, loaded; fails the
// test when it does not load.
TestPack engine_for(const std::string& body);

// The response JSON for `request`; fails the test on a request error.
std::string verify(const TestPack& pack, const std::string& request);
std::string verify(const api::Engine& engine, const std::string& request);

// The verdict and the "rule:severity" of each finding, e.g. "block INO-1:block".
std::string summary(const TestPack& pack, const std::string& request);

}  // namespace rxr::testing
