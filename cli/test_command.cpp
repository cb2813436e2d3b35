#include <cstdio>
#include <fstream>

#include <fmt/format.h>

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

int run_test(const TestArguments& given) {
  TestArguments args = given;
  args.coverage = args.coverage || args.strict;  // strict coverage is coverage first
  std::vector<PackResult> results;
  std::size_t passed = 0, failed = 0, uncovered = 0;
  bool io_failure = false;
  for (const std::string& path : args.paths) {
    api::CatalogueLoad loaded = api::load_catalogue(path);
    if (!loaded.io_error.empty()) {
      fmt::print(stderr, "rxrules: {}\n", loaded.io_error);
      io_failure = true;
    }
    for (const std::string& error : loaded.errors) {
      fmt::print("FAIL {}: {}\n", path, error);
      ++failed;
    }
    print_unimported(loaded);
    for (const api::CatalogueLoad::Pack& pack : loaded.packs) {
      if (!pack.ok()) {
        if (pack.load.diagnostics.empty()) continue;  // an I/O error, reported above
        fmt::print("{}", syntax::render_all(pack.load.diagnostics, pack.load.sources));
        fmt::print("FAIL {}: the rules do not load\n", pack.folder);
        ++failed;
        continue;
      }
      PackResult result = run_cases(pack.folder, *pack.rules);
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
        fmt::print("FAIL {}/{}: {}\n", pack.folder, c.file, c.name);
        for (const std::string& failure : c.failures) fmt::print("  {}\n", failure);
      }
      if (args.coverage && !result.coverage.empty()) print_coverage(result, uncovered);
      results.push_back(std::move(result));
    }
  }
  if (!args.junit.empty()) {
    std::ofstream out(args.junit);
    out << junit_xml(results, args.strict);
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
