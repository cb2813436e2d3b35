#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "api/engine.h"
#include "cli/case_runner.h"
#include "cli/commands.h"

namespace rxr::cli {

namespace {

void print_coverage(const PackResult& pack, std::size_t& uncovered) {
  fmt::print("\ncoverage of {}:\n", pack.pack);
  for (const auto& [rule, covered] : pack.coverage) {
    if (!covered.complete()) ++uncovered;
    const char* quiet = covered.quiet ? "yes" : covered.always ? "n/a (always fires)" : "no";
    fmt::print("  {:<20} fires: {:<3}  quiet: {:<3}{}\n", rule, covered.fires ? "yes" : "no", quiet,
               covered.complete() ? "" : "  <- needs a case");
  }
}

}  // namespace

int run_test(const TestArguments& args) {
  std::vector<PackResult> results;
  std::size_t passed = 0, failed = 0, uncovered = 0;
  bool io_failure = false;
  for (const std::string& path : args.paths) {
    const std::vector<std::string> packs = pack_paths(path);
    if (packs.empty()) {
      fmt::print(stderr, "rxrules: no rule packs under '{}'\n", path);
      io_failure = true;
    }
    for (const std::string& pack : packs) {
      api::LoadResult loaded = api::load_pack(pack);
      if (!loaded.io_error.empty()) {
        fmt::print(stderr, "rxrules: {}\n", loaded.io_error);
        io_failure = true;
        continue;
      }
      if (!loaded.ok()) {
        fmt::print("{}", syntax::render_all(loaded.diagnostics, loaded.sources));
        fmt::print("FAIL {}: the rules do not load\n", pack);
        ++failed;
        continue;
      }
      const api::Engine engine(std::move(loaded.rules));
      PackResult result = run_cases(pack, engine);
      if (!result.io_error.empty()) {
        fmt::print(stderr, "rxrules: {}\n", result.io_error);
        io_failure = true;
        continue;
      }
      for (const CaseResult& c : result.cases) {
        if (c.failures.empty()) {
          ++passed;
          continue;
        }
        ++failed;
        fmt::print("FAIL {}/{}: {}\n", pack, c.file, c.name);
        for (const std::string& failure : c.failures) fmt::print("  {}\n", failure);
      }
      if (args.coverage && !result.coverage.empty()) print_coverage(result, uncovered);
      results.push_back(std::move(result));
    }
  }
  if (!args.junit.empty()) {
    std::ofstream out(args.junit);
    out << junit_xml(results);
    if (!out) {
      fmt::print(stderr, "rxrules: cannot write '{}'\n", args.junit);
      io_failure = true;
    }
  }
  if (args.coverage && uncovered > 0) {
    fmt::print("\n{} rule{} lack a case that makes {} fire or one that keeps {} quiet\n", uncovered,
               uncovered == 1 ? "" : "s", uncovered == 1 ? "it" : "them", uncovered == 1 ? "it" : "them");
  }
  fmt::print("\n{} passed, {} failed\n", passed, failed);
  if (io_failure) return kExitUsage;
  if (failed > 0 || (args.strict && uncovered > 0)) return kExitFindings;
  return kExitOk;
}

}  // namespace rxr::cli
