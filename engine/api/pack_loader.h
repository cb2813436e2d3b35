// Reads a rule pack from disk (or from memory, for embedded packs), follows
// its imports, fingerprints it and compiles it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compile/rule_set.h"
#include "syntax/diagnostic.h"
#include "syntax/parse.h"
#include "syntax/source.h"

namespace rxr::api {

struct LoadResult {
  std::unique_ptr<compile::RuleSet> rules;  // null when anything went wrong
  syntax::SourceSet sources;
  syntax::Diagnostics diagnostics;
  std::string io_error;  // a path that cannot be read; diagnostics are then empty

  bool ok() const { return rules != nullptr; }
};

// `path` is a rule file or a folder. A folder's main file is pack.rxr when
// it has one, else every .rxr file in it, in name order.
LoadResult load_pack(const std::string& path, const syntax::ParseLimits& limits = {});

// Reads one rule file by its name relative to the pack folder
// ("pack.rxr", "../common/qt-drugs.rxr"); false when there is none.
using ReadRuleFile = std::function<bool(const std::string& name, std::string& text)>;

// Loads a pack whose files come from `read` (a pack embedded in a plugin):
// the same names and bytes as on disk give the same fingerprint.
LoadResult load_pack_files(const std::vector<std::string>& main_files, const ReadRuleFile& read,
                           const syntax::ParseLimits& limits = {});

// True when `folder` holds .rxr files of its own (it is a pack, not a tree of packs).
bool is_pack_folder(const std::string& folder);

// "sha256:<hex>" over the files' names (relative to the pack root) and
// bytes, in name order: the same rules give the same fingerprint anywhere.
std::string fingerprint(const syntax::SourceSet& sources);

}  // namespace rxr::api
