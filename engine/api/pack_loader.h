// Reads a rule pack from disk (or from memory, for embedded packs), follows
// its imports, fingerprints it and compiles it.
//
// Imports are confined to the catalogue the pack sits in: the pack's folder
// and the folders beside it (rules/common beside rules/inotuzumab_ozogamicin),
// never above. An import is a relative path to a .rxr file; on disk links are
// resolved and must stay inside too; each file loads once, however many
// names reach it; and a load reads a bounded number of files and bytes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "api/file_read.h"
#include "compile/rule_set.h"
#include "syntax/diagnostic.h"
#include "syntax/parse.h"
#include "syntax/source.h"

namespace rxr::api {

struct LoadLimits {
  syntax::ParseLimits parse;               // per file, its size included
  std::size_t max_files = 256;             // rule files in one load
  std::size_t max_total_bytes = 16 << 20;  // their bytes together
  std::size_t max_import_depth = 16;
};

struct LoadResult {
  std::unique_ptr<compile::RuleSet> rules;  // null when anything went wrong
  syntax::SourceSet sources;
  syntax::Diagnostics diagnostics;
  std::string io_error;  // a path that cannot be read; diagnostics are then empty

  bool ok() const { return rules != nullptr; }
};

// Text that stands for a rule file on disk, by the file's resolved path:
// the unsaved buffers of an editor (rxrules lsp). nullopt: read the file.
using OpenBuffers = std::function<std::optional<std::string_view>(const std::string& resolved_path)>;

// `path` is a rule file or a folder. A folder's main file is pack.rxr when
// it has one, else every .rxr file in it, in name order. Files `buffers`
// holds are read from it instead of the disk, with the same confinement and limits.
LoadResult load_pack(const std::string& path, const LoadLimits& limits = {}, const OpenBuffers& buffers = {});

// Reads one rule file by its name relative to the pack folder ("pack.rxr",
// "../common/qt-drugs.rxr"), at most `limit` bytes. `identity` receives what
// is the same for every name of the same file (on disk, its resolved path),
// so that a file reached twice loads once.
using ReadRuleFile =
    std::function<FileRead(const std::string& name, std::size_t limit, std::string& text, std::string& identity)>;

// Loads a pack whose files come from `read` (a pack embedded in a plugin):
// the same names and bytes as on disk give the same fingerprint.
LoadResult load_pack_files(const std::vector<std::string>& main_files, const ReadRuleFile& read,
                           const LoadLimits& limits = {});

// A reader over files held in memory, by name.
ReadRuleFile read_from_memory(std::function<std::optional<std::string_view>(const std::string& name)> find);

// True when `folder` holds .rxr files of its own (it is a pack, not a tree of packs).
bool is_pack_folder(const std::string& folder);

// "sha256:<hex>" over the files' names (relative to the pack root) and
// bytes, in name order: the same rules give the same fingerprint anywhere.
std::string fingerprint(const syntax::SourceSet& sources);
// The same over files named in `files` (name to bytes, in name order).
std::string fingerprint_files(const std::map<std::string, std::string_view>& files);

}  // namespace rxr::api
