#include "api/unimported_files.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace rxr::api {

namespace fs = std::filesystem;

namespace {

fs::path normal(const fs::path& path) {
  std::error_code ec;
  return fs::weakly_canonical(fs::absolute(path, ec), ec).lexically_normal();
}

}  // namespace

std::vector<std::string> unimported_rule_files(const CatalogueLoad& loaded) {
  std::set<fs::path> read;  // every pack names its files relative to its own folder
  for (const CatalogueLoad::Pack& pack : loaded.packs) {
    for (const syntax::SourceFile& file : pack.load.sources.files()) read.insert(normal(fs::path(pack.folder) / file.name));
  }
  std::vector<std::string> out;
  std::error_code ec;
  for (const CatalogueLoad::Pack& pack : loaded.packs) {
    const fs::path root(pack.folder);
    if (!fs::is_directory(root, ec) || !fs::exists(root / "pack.rxr", ec)) continue;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_directory(ec) && it->path().filename() == "tests") {
        it.disable_recursion_pending();  // regression cases, never rules
        continue;
      }
      if (it->is_regular_file(ec) && it->path().extension() == ".rxr" && !read.contains(normal(it->path()))) {
        out.push_back((root / it->path().lexically_relative(root)).generic_string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace rxr::api
