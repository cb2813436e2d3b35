#include <cstdio>

#include <fmt/format.h>

#include "api/catalogue.h"
#include "api/unimported_files.h"
#include "cli/commands.h"
#include "text/printable.h"

namespace rxr::cli {
namespace {

// "rules/inotuzumab_ozogamicin: ok: inotuzumab-ozogamicin 2024.03 for ..., 41 rules, sha256:..."
// Names, notices and policies are rule text: printed as text::printable makes them.
void print_loaded(const std::string& folder, const compile::RuleSet& rules) {
  using text::printable;
  fmt::print("{}: ok: {} {}{}, {} rules, {}\n", printable(folder), printable(rules.info.name),
             printable(rules.info.version), rules.info.drug.empty() ? "" : " for " + printable(rules.info.drug),
             rules.rules.size(), rules.fingerprint);
  for (const std::string& notice : rules.info.notices) fmt::print("  notice: {}\n", printable(notice));
  for (const auto& [name, value] : rules.info.policies) fmt::print("  policy {} = {}\n", printable(name), printable(value));
}

}  // namespace

void print_unimported(const api::CatalogueLoad& loaded) {
  for (const std::string& file : api::unimported_rule_files(loaded)) {
    fmt::print("{}: warning: no pack.rxr imports this rule file: its rules are not in force\n", text::printable(file));
  }
}

int run_check(const std::vector<std::string>& paths) {
  int status = kExitOk;
  auto worsen = [&status](int to) { status = std::max(status, to); };
  for (const std::string& path : paths) {
    const api::CatalogueLoad loaded = api::load_catalogue(path);
    if (!loaded.io_error.empty()) {
      fmt::print(stderr, "rxrules: {}\n", text::printable(loaded.io_error));
      worsen(kExitUsage);
    }
    print_unimported(loaded);
    for (const api::CatalogueLoad::Pack& pack : loaded.packs) {
      const syntax::Diagnostics& diagnostics = pack.load.diagnostics;
      if (pack.ok()) {
        print_loaded(pack.folder, *pack.rules);
      } else if (!diagnostics.empty()) {
        fmt::print("{}", syntax::render_all(diagnostics, pack.load.sources));
        fmt::print("{}: {} error{}\n", text::printable(pack.folder), diagnostics.size(), diagnostics.size() == 1 ? "" : "s");
        worsen(kExitFindings);
      }
    }
    for (const std::string& error : loaded.errors) {
      fmt::print("{}: error: {}\n", text::printable(path), text::printable(error));
      worsen(kExitFindings);
    }
  }
  return status;
}

}  // namespace rxr::cli
