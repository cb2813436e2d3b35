// Rule regression cases: JSON files beside a rule pack (tests/*.cases.json)
// that a pharmacist reads and writes. Each case edits a base request and
// states the verdict and the rules that must fire, stay quiet or be undecided.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/engine.h"

namespace rxr::cli {

struct CaseResult {
  std::string file;   // relative to the pack folder
  std::string name;
  std::vector<std::string> failures;  // empty: passed
  std::vector<std::string> rules;     // rule ids the case names
};

struct RuleCoverage {
  bool fires = false;   // some passing case expects it to fire, and it does
  bool quiet = false;   // some passing case expects it to stay quiet, and it does
  bool always = false;  // its condition is 'true': no case can keep it quiet

  bool complete() const { return fires && (quiet || always); }
};

struct PackResult {
  std::string pack;
  std::string io_error;  // the pack or a case file could not be read
  std::vector<CaseResult> cases;
  std::vector<std::pair<std::string, RuleCoverage>> coverage;  // in rule order
};

// Runs every case file of the pack folder `pack` against its rules.
PackResult run_cases(const std::string& pack, const compile::RuleSet& rules);

// JUnit XML for CI systems: one testsuite per pack, one testcase per case;
// with `strict`, also one failed testcase per rule that lacks coverage, so
// that a CI showing the XML fails exactly when `test --strict` does.
std::string junit_xml(const std::vector<PackResult>& packs, bool strict);

}  // namespace rxr::cli
