// One engine's rules: a catalogue of rule packs, each answering the orders
// for its drug (request-response.md 1.1, "One engine, many drugs"), and the
// fingerprint of every file loaded. A pack opened alone is a catalogue of one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/pack_loader.h"

namespace rxr::api {

struct Catalogue {
  // The packs that answer orders (a `drug` declaration), in folder-name order.
  std::vector<std::shared_ptr<const compile::RuleSet>> packs;
  // Shared folders (no `drug`): loaded and checked, never answering.
  std::vector<std::shared_ptr<const compile::RuleSet>> shared;
  std::string fingerprint;  // "sha256:<hex>" over every file loaded
  std::string folder;       // the path it was loaded from, as given

  // The pack whose drug `name` names (its generic name, an `aka`, or either
  // with salt, form and strength words: as drug names are matched), or null.
  // `name` has passed the text policy (text::normalize_name).
  const compile::RuleSet* route(std::string_view name) const;
};

// What loading a catalogue found: per pack folder its load result (with
// its diagnostics), and errors about the catalogue as a whole (two packs
// claiming one drug name).
struct CatalogueLoad {
  struct Pack {
    std::string folder;
    LoadResult load;  // its sources and diagnostics; its rules are moved to `rules`
    std::shared_ptr<const compile::RuleSet> rules;  // null when it does not load

    bool ok() const { return rules != nullptr; }
  };

  std::shared_ptr<const Catalogue> catalogue;  // null when anything went wrong
  std::vector<Pack> packs;
  std::vector<std::string> errors;
  std::string io_error;  // the path cannot be read as rules

  bool ok() const { return catalogue != nullptr; }
  // Every diagnostic and error, "file:line:col: error: ..." per line (the C ABI's message).
  std::string brief() const;
  // The same, with source lines and carets (the CLI's).
  std::string rendered() const;
};

// `path`: a rule file, a pack folder (a catalogue of one), or a folder of
// pack folders and shared folders (rules/).
CatalogueLoad load_catalogue(const std::string& path, const LoadLimits& limits = {});

// A catalogue held in memory (embedded in a plugin): `folders` are pack
// folders relative to its root ("inotuzumab_ozogamicin"), and `find` gives a
// file's bytes by its name relative to the root ("common/request.rxr"). One
// folder makes a catalogue of one, fingerprinted as that pack.
CatalogueLoad load_catalogue_files(const std::vector<std::string>& folders,
                                   const std::function<std::optional<std::string_view>(const std::string&)>& find,
                                   const LoadLimits& limits = {});

// A catalogue of the one pack `rules` (embedded packs, tests).
std::shared_ptr<const Catalogue> catalogue_of(std::shared_ptr<const compile::RuleSet> rules);

// The folders under `path` that hold rule packs of their own, in name order:
// `path` itself when it is a rule file or a pack folder.
std::vector<std::string> pack_folders(const std::string& path);

}  // namespace rxr::api
