#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "api/catalogue.h"
#include "cli/commands.h"
#include "cli/json_schema.h"
#include "text/printable.h"

namespace rxr::cli {

int run_schema(const std::string& path) {
  const api::CatalogueLoad loaded = api::load_catalogue(path);
  if (!loaded.io_error.empty()) {
    fmt::print(stderr, "rxrules: {}\n", text::printable(loaded.io_error));
    return kExitUsage;
  }
  if (!loaded.ok()) {
    fmt::print(stderr, "{}", loaded.rendered());
    return kExitFindings;
  }
  const api::Catalogue& catalogue = *loaded.catalogue;
  std::vector<const compile::RuleSet*> packs;
  for (const auto& pack : catalogue.packs) packs.push_back(pack.get());
  // A shared folder alone (rules/common) answers no order, but its fields are the contract's core.
  if (packs.empty()) {
    for (const auto& shared : catalogue.shared) packs.push_back(shared.get());
  }
  const nlohmann::ordered_json schema =
      packs.size() == 1 ? pack_schema(*packs.front()) : catalogue_schema(packs);
  // ASCII only: rule text (descriptions, codes) reaches the terminal as \u escapes.
  fmt::print("{}\n", schema.dump(2, ' ', true, nlohmann::json::error_handler_t::replace));
  return kExitOk;
}

}  // namespace rxr::cli
