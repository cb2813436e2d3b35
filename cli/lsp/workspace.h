// What the language server knows of the rule packs an editor has open: the
// open buffers, and per pack the diagnostics `rxrules check` would give
// with those buffers in place of the files on disk, the request fields of
// the last version that loaded, and the declarations of each file as it
// last parsed (so hover, completion and definition keep working while the
// text being typed does not parse).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compile/rule_set.h"
#include "syntax/ast.h"

namespace rxr::cli::lsp {

struct ParsedFile {
  std::string text;  // the text `ast` was parsed from
  ast::File ast;
};

struct PackView {
  // The request fields and names of the last load without errors; null
  // until the pack has loaded once (with the buffers or from disk).
  std::shared_ptr<const compile::RuleSet> rules;
  std::map<std::string, ParsedFile> files;  // by absolute path
  std::set<std::string> with_diagnostics;   // files whose last published diagnostics were not empty
};

// One file's diagnostics as textDocument/publishDiagnostics sends them:
// an empty list clears what was published before.
struct FileDiagnostics {
  std::string path;
  nlohmann::json diagnostics = nlohmann::json::array();
};

class Workspace {
 public:
  // Paths are absolute; they are compared as api::load_pack resolves files
  // (std::filesystem::weakly_canonical), so a buffer stands for the file it names.
  void open(const std::string& path, std::string text);
  void close(const std::string& path);
  const std::string* buffer(const std::string& path) const;

  // Loads the pack the file `path` belongs to (its folder, as `rxrules check
  // FOLDER` does; the file alone when the pack does not reach it) and returns
  // the diagnostics of every file that has some or had some before.
  std::vector<FileDiagnostics> analyse(const std::string& path);

  // The pack the file `path` belongs to, as last analysed; null before.
  const PackView* pack_of(const std::string& path) const;

  static std::string resolved(const std::string& path);

 private:
  std::map<std::string, std::string> buffers_;  // by resolved path
  std::map<std::string, PackView> packs_;       // by resolved pack folder
};

}  // namespace rxr::cli::lsp
