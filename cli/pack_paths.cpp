#include <algorithm>
#include <filesystem>

#include "api/pack_loader.h"
#include "cli/commands.h"

namespace rxr::cli {

std::vector<std::string> pack_paths(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec) || api::is_pack_folder(path)) return {path};
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    if (entry.is_directory() && api::is_pack_folder(entry.path().string())) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace rxr::cli
