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

class Loader {
 public:
  Loader(fs::path root, const syntax::ParseLimits& limits, LoadResult& result)
      : root_(std::move(root)), limits_(limits), result_(result) {}

  // Depth-first, imports before the file that imports them: the load order
  // is the rule order of findings.
  void load(const fs::path& path, std::optional<syntax::Span> imported_at, std::size_t depth,
            const std::string& written_as = {}) {
    const fs::path canonical = fs::weakly_canonical(path);
    if (!seen_.insert(canonical.string()).second) return;
    std::string text;
    if (!fs::is_regular_file(canonical) || !read_file(canonical, text)) {
      if (imported_at) {
        result_.diagnostics.error(*imported_at, fmt::format("cannot read imported file '{}'", written_as),
                                  "import paths are relative to the importing file");
      } else {
        result_.io_error = fmt::format("cannot read rule file '{}'", path.string());
      }
      return;
    }
    const std::string name = canonical.lexically_relative(root_).generic_string();
    const syntax::FileId id = result_.sources.add(name, std::move(text));
    ast::File file = syntax::parse_file(result_.sources, id, result_.diagnostics, limits_);
    for (const ast::ImportDecl& import : file.imports) {
      if (depth >= kMaxImportDepth) {
        result_.diagnostics.error(import.span, "imports are nested too deep", "flatten the imports");
        break;
      }
      load(canonical.parent_path() / import.path, import.span, depth + 1, import.path);
    }
    files_.push_back(std::move(file));
  }

  std::vector<ast::File>& files() { return files_; }

 private:
  fs::path root_;
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

LoadResult load_pack(const std::string& path, const syntax::ParseLimits& limits) {
  LoadResult result;
  std::error_code ec;
  const fs::path input(path);
  std::vector<fs::path> roots;
  fs::path root;
  if (fs::is_directory(input, ec)) {
    root = fs::weakly_canonical(input);
    const fs::path main = input / "pack.rxr";
    roots = fs::is_regular_file(main, ec) ? std::vector<fs::path>{main} : rule_files_in(input);
    if (roots.empty()) {
      result.io_error = fmt::format("no .rxr rule files in folder '{}'", path);
      return result;
    }
  } else if (fs::is_regular_file(input, ec)) {
    root = fs::weakly_canonical(input).parent_path();
    roots.push_back(input);
  } else {
    result.io_error = fmt::format("cannot read '{}': no such file or folder", path);
    return result;
  }
  Loader loader(root, limits, result);
  for (const fs::path& file : roots) loader.load(file, std::nullopt, 0);
  if (!result.io_error.empty() || !result.diagnostics.empty()) {
    result.diagnostics.sort();
    return result;
  }
  result.rules = compile::compile_pack(loader.files(), result.diagnostics);
  result.diagnostics.sort();
  if (result.rules) result.rules->fingerprint = fingerprint(result.sources);
  return result;
}

}  // namespace rxr::api
