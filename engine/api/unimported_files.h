// Rule files that sit in a pack folder but that loading did not read: a
// file no pack imports is silently not in force, so `check` and `test` warn
// about it (cli.md 1.1).
#pragma once

#include <string>
#include <vector>

#include "api/catalogue.h"

namespace rxr::api {

// The .rxr files under each pack folder of `loaded` (tests/ aside) that no
// pack of it read, as "folder/file" paths in name order. A shared folder's
// files count as read when any pack imports them; a folder without
// pack.rxr loads all its files and has none.
std::vector<std::string> unimported_rule_files(const CatalogueLoad& loaded);

}  // namespace rxr::api
