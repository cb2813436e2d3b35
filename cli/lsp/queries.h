// Hover, completion and go to definition at a place in a rule file, over a
// pack as the workspace last analysed it. Request paths are resolved in the
// pack's schema (declared by `field`); names in the files' declarations.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/lsp/workspace.h"

namespace rxr::cli::lsp {

// A place in a document: its path and text (the open buffer), and the
// cursor as the protocol gives it (0-based line, UTF-16 character).
struct Place {
  std::string path;
  std::string_view text;
  std::size_t line = 0;
  std::size_t character = 0;
};

// A Hover result (markdown), or nullopt when nothing is known there.
std::optional<nlohmann::json> hover(const PackView& pack, const Place& place);

// CompletionItems: after "labs." the members of labs; elsewhere the top
// request fields, constants, lets, lists and tables, beginning as the word typed does.
nlohmann::json completion(const PackView& pack, const Place& place);

// The Location of the declaration of the let, constant, list, table or
// request field at the cursor, or nullopt.
std::optional<nlohmann::json> definition(const PackView& pack, const Place& place);

}  // namespace rxr::cli::lsp
