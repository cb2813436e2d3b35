#include "api/pack_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "compile/compiler.h"

namespace rxr::api {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxImportDepth = 16;

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = std::move(buffer).str();
  return !in.bad();
}

// Files are named relative to the pack folder and normalised lexically, so
// names, import resolution and the fingerprint do not depend on where the
// pack is installed or whether it is read from disk or from memory.
class Loader {
 public:
  Loader(const ReadRuleFile& read, const syntax::ParseLimits& limits, LoadResult& result)
      : read_(read), limits_(limits), result_(result) {}

  // Depth-first, imports before the file that imports them: the load order
  // is the rule order of findings.
  void load(const std::string& name, std::optional<syntax::Span> imported_at, std::size_t depth,
            const std::string& written_as = {}) {
    if (!seen_.insert(name).second) return;
    std::string text;
    if (!read_(name, text)) {
      if (imported_at) {
        result_.diagnostics.error(*imported_at, fmt::format("cannot read imported file '{}'", written_as),
                                  "import paths are relative to the importing file");
      } else {
        result_.io_error = fmt::format("cannot read rule file '{}'", name);
      }
      return;
    }
    const syntax::FileId id = result_.sources.add(name, std::move(text));
    ast::File file = syntax::parse_file(result_.sources, id, result_.diagnostics, limits_);
    for (const ast::ImportDecl& import : file.imports) {
      if (depth >= kMaxImportDepth) {
        result_.diagnostics.error(import.span, "imports are nested too deep", "flatten the imports");
        break;
      }
      const std::string imported = (fs::path(name).parent_path() / import.path).lexically_normal().generic_string();
      load(imported, import.span, depth + 1, import.path);
    }
    files_.push_back(std::move(file));
  }

  std::vector<ast::File>& files() { return files_; }

 private:
  const ReadRuleFile& read_;
  const syntax::ParseLimits& limits_;
  LoadResult& result_;
  std::set<std::string> seen_;
  std::vector<ast::File> files_;
};

std::vector<fs::path> rule_files_in(const fs::path& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".rxr") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool is_pack_folder(const std::string& folder) { return !rule_files_in(folder).empty(); }

std::string fingerprint(const syntax::SourceSet& sources) {
  std::vector<const syntax::SourceFile*> files;
  for (const auto& f : sources.files()) files.push_back(&f);
  std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->name < b->name; });
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const auto* f : files) {
    // name, NUL, byte count, NUL, bytes: unambiguous however names and contents look.
    const std::string header = fmt::format("{}{}{}{}", f->name, '\0', f->text.size(), '\0');
    EVP_DigestUpdate(ctx, header.data(), header.size());
    EVP_DigestUpdate(ctx, f->text.data(), f->text.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

LoadResult load_pack_files(const std::vector<std::string>& main_files, const ReadRuleFile& read,
                           const syntax::ParseLimits& limits) {
  LoadResult result;
  Loader loader(read, limits, result);
  for (const std::string& file : main_files) loader.load(file, std::nullopt, 0);
  if (!result.io_error.empty() || !result.diagnostics.empty()) {
    result.diagnostics.sort();
    return result;
  }
  result.rules = compile::compile_pack(loader.files(), result.diagnostics);
  result.diagnostics.sort();
  if (result.rules) result.rules->fingerprint = fingerprint(result.sources);
  return result;
}

LoadResult load_pack(const std::string& path, const syntax::ParseLimits& limits) {
  std::error_code ec;
  const fs::path input(path);
  fs::path root;
  std::vector<std::string> main_files;
  if (fs::is_directory(input, ec)) {
    root = input;
    if (fs::is_regular_file(input / "pack.rxr", ec)) {
      main_files.push_back("pack.rxr");
    } else {
      for (const fs::path& file : rule_files_in(input)) main_files.push_back(file.filename().string());
    }
    if (main_files.empty()) {
      LoadResult result;
      result.io_error = fmt::format("no .rxr rule files in folder '{}'", path);
      return result;
    }
  } else if (fs::is_regular_file(input, ec)) {
    root = input.parent_path();
    main_files.push_back(input.filename().string());
  } else {
    LoadResult result;
    result.io_error = fmt::format("cannot read '{}': no such file or folder", path);
    return result;
  }
  const ReadRuleFile read_from_disk = [&root](const std::string& name, std::string& text) {
    const fs::path file = root / name;
    std::error_code error;
    return fs::is_regular_file(file, error) && read_file(file, text);
  };
  return load_pack_files(main_files, read_from_disk, limits);
}

}  // namespace rxr::api
