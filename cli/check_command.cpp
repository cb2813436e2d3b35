#include <cstdio>

#include <fmt/format.h>

#include "api/pack_loader.h"
#include "cli/commands.h"
#include "text/printable.h"

namespace rxr::cli {

int run_check(const std::vector<std::string>& paths) {
  int status = kExitOk;
  for (const std::string& path : paths) {
    const std::vector<std::string> packs = pack_paths(path);
    if (packs.empty()) {
      fmt::print(stderr, "rxrules: no rule files under '{}'\n", path);
      status = kExitUsage;
    }
    for (const std::string& pack : packs) {
      const api::LoadResult loaded = api::load_pack(pack);
      if (!loaded.io_error.empty()) {
        fmt::print(stderr, "rxrules: {}\n", loaded.io_error);
        status = kExitUsage;
        continue;
      }
      if (!loaded.ok()) {
        fmt::print("{}", syntax::render_all(loaded.diagnostics, loaded.sources));
        fmt::print("{}: {} error{}\n", pack, loaded.diagnostics.size(), loaded.diagnostics.size() == 1 ? "" : "s");
        if (status == kExitOk) status = kExitFindings;
        continue;
      }
      const compile::RuleSet& rules = *loaded.rules;
      // Names, notices and policies are rule text: printed as text::printable makes them.
      fmt::print("{}: ok: {} {}{}, {} rules, {}\n", text::printable(pack), text::printable(rules.info.name),
                 text::printable(rules.info.version), rules.info.drug.empty() ? "" : " for " + text::printable(rules.info.drug),
                 rules.rules.size(), rules.fingerprint);
      for (const std::string& notice : rules.info.notices) fmt::print("  notice: {}\n", text::printable(notice));
      for (const std::string& policy : rules.info.policies) fmt::print("  policy {}\n", text::printable(policy));
    }
  }
  return status;
}

}  // namespace rxr::cli
