// The requests a pack (or a catalogue) reads, as JSON Schema (draft
// 2020-12), generated from its field declarations for `rxrules schema`
// (cli.md). A request the schema accepts is one the engine reads without a
// problem of type, unit or code; the engine also accepts a little more
// (codes in any case, units in NFKC-equivalent spellings), never less.
// Plausible ranges that depend on the unit written are given in each
// field's description; those that do not (a positive dose) are keywords.
#pragma once

#include <span>

#include <nlohmann/json.hpp>

#include "compile/rule_set.h"

namespace rxr::cli {

// The schema of one pack's requests.
nlohmann::ordered_json pack_schema(const compile::RuleSet& pack);

// The schema of a catalogue's requests: each pack's in $defs, and a
// request is valid when one of them accepts it. `title` names the path.
nlohmann::ordered_json catalogue_schema(std::span<const compile::RuleSet* const> packs);

}  // namespace rxr::cli
