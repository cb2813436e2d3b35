#include "api/pack_loader.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "compile/compiler.h"
#include "report/prepared_json.h"

namespace rxr::api {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRuleFileExtension = ".rxr";

// Why an import path is refused before anything is read, or "" when it may
// be read. `name` is lexically normal and relative to the pack folder, whose
// catalogue (the folder holding it) is as far as imports may reach.
std::string refusal_of(const fs::path& written, const fs::path& name) {
  if (written.is_absolute()) return "an import is a path relative to the importing file, not an absolute path";
  auto part = name.begin();
  if (part != name.end() && *part == "..") ++part;
  if (part != name.end() && *part == "..") {
    return "the import reaches outside the folder of rule packs this pack belongs to";
  }
  if (name.extension() != kRuleFileExtension) return "only .rxr rule files can be imported";
  return {};
}

// Files are named relative to the pack folder and normalised lexically, so
// names, import resolution and the fingerprint do not depend on where the
// pack is installed or whether it is read from disk or from memory.
class Loader {
 public:
  Loader(const ReadRuleFile& read, const LoadLimits& limits, LoadResult& result)
      : read_(read), limits_(limits), result_(result) {}

  // Depth-first, imports before the file that imports them: the load order
  // is the rule order of findings.
  void load(const std::string& name, std::optional<syntax::Span> imported_at, std::size_t depth) {
    auto fail = [&](std::string message, std::string hint = {}) {
      if (imported_at) {
        result_.diagnostics.error(*imported_at, std::move(message), std::move(hint));
      } else if (result_.io_error.empty()) {
        result_.io_error = std::move(message);
      }
    };
    std::string text;
    std::string identity;
    const std::size_t budget = limits_.max_total_bytes - std::min(limits_.max_total_bytes, bytes_);
    const FileRead read = read_(name, std::min(limits_.parse.max_file_bytes, budget), text, identity);
    if (read.status == ReadStatus::kTooLarge) {
      const std::string message =
          budget < limits_.parse.max_file_bytes
              ? fmt::format("the rule files of this pack are larger than the limit of {} bytes together",
                            limits_.max_total_bytes)
              : fmt::format("{}; the limit is {}", read.error, limits_.parse.max_file_bytes);
      if (imported_at) return fail(message, "split it into smaller files");
      // Refused unread: the diagnostic points at the start of the file.
      const syntax::FileId id = result_.sources.add(name, {});
      result_.diagnostics.error({id, 1, 1, 1}, message, "split it into files joined with 'import'");
      return;
    }
    if (!read.ok()) return fail(read.error, imported_at ? "import paths are relative to the importing file" : "");
    if (!seen_.insert(identity).second) return;
    if (seen_.size() > limits_.max_files) {
      return fail(fmt::format("the pack loads more than {} rule files", limits_.max_files),
                  "a pack has a few files; check for imports that repeat through links");
    }
    bytes_ += text.size();
    const syntax::FileId id = result_.sources.add(name, std::move(text));
    const std::size_t before = result_.diagnostics.size();
    ast::File file = syntax::parse_file(result_.sources, id, result_.diagnostics, limits_.parse);
    syntax_errors_ += result_.diagnostics.size() - before;
    unreadable_ = unreadable_ || file.unreadable;
    for (const ast::ImportDecl& import : file.imports) {
      if (depth >= limits_.max_import_depth) {
        result_.diagnostics.error(import.span, "imports are nested too deep", "flatten the imports");
        break;
      }
      const fs::path written(import.path);
      const fs::path imported = (fs::path(name).parent_path() / written).lexically_normal();
      if (const std::string refused = refusal_of(written, imported); !refused.empty()) {
        result_.diagnostics.error(import.span, refused, "import the rule files of this pack and of the folders beside it, e.g. \"../common/qt-drugs.rxr\"");
        continue;
      }
      load(imported.generic_string(), import.span, depth + 1);
    }
    files_.push_back(std::move(file));
  }

  std::vector<ast::File>& files() { return files_; }
  // Whether the files are worth compiling to find more mistakes: every
  // file was read and parsed, whole or in part, and every diagnostic so far
  // is a syntax error (a missing import would make every use of its names
  // an error of its own).
  bool compilable() const { return !unreadable_ && result_.io_error.empty() && result_.diagnostics.size() == syntax_errors_; }

 private:
  const ReadRuleFile& read_;
  const LoadLimits& limits_;
  LoadResult& result_;
  std::set<std::string> seen_;
  std::size_t bytes_ = 0;
  std::size_t syntax_errors_ = 0;
  bool unreadable_ = false;
  std::vector<ast::File> files_;
};

// The .rxr files of a folder, in name order; false when it cannot be listed.
bool rule_files_in(const fs::path& folder, std::vector<fs::path>& out, std::string& error) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == kRuleFileExtension) out.push_back(it->path());
  }
  if (ec) {
    error = fmt::format("cannot list folder '{}': {}", folder.string(), ec.message());
    return false;
  }
  std::sort(out.begin(), out.end());
  return true;
}

// Reads rule files under the catalogue folder `root` (the pack folder's
// parent), by names relative to the pack folder. Links are followed, but the
// file they lead to must be inside `root` as well.
ReadRuleFile read_from_disk(const fs::path& root, const fs::path& pack) {
  return [root, pack](const std::string& name, std::size_t limit, std::string& text, std::string& identity) {
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(pack / name, ec);
    if (ec) return FileRead{ReadStatus::kError, fmt::format("cannot read rule file '{}': {}", name, ec.message())};
    const auto [end_of_root, _] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
    if (end_of_root != root.end()) {
      return FileRead{ReadStatus::kNotAFile,
                      fmt::format("rule file '{}' leads outside the folder of rule packs '{}' (through a link)", name,
                                  root.string())};
    }
    identity = resolved.string();
    return read_file_bounded(identity, limit, text, "rule file", name);
  };
}

// The disk reader, with the files `buffers` holds read from them: the
// resolved path (the reader's identity) says which file a name reaches.
ReadRuleFile read_with_buffers(ReadRuleFile disk, OpenBuffers buffers) {
  return [disk = std::move(disk), buffers = std::move(buffers)](const std::string& name, std::size_t limit,
                                                                std::string& text, std::string& identity) {
    const FileRead read = disk(name, limit, text, identity);
    if (read.status == ReadStatus::kNotAFile || identity.empty()) return read;
    const std::optional<std::string_view> buffer = buffers(identity);
    if (!buffer) return read;
    if (buffer->size() > limit) {
      return FileRead{ReadStatus::kTooLarge, fmt::format("rule file '{}' is {} bytes, larger than the limit of {} bytes",
                                                         name, buffer->size(), limit)};
    }
    text.assign(*buffer);
    return FileRead{};
  };
}

}  // namespace

ReadRuleFile read_from_memory(std::function<std::optional<std::string_view>(const std::string& name)> find) {
  return [find = std::move(find)](const std::string& name, std::size_t limit, std::string& text,
                                  std::string& identity) {
    const std::optional<std::string_view> found = find(name);
    if (!found) return FileRead{ReadStatus::kNotFound, fmt::format("cannot read rule file '{}': no such file", name)};
    if (found->size() > limit) {
      return FileRead{ReadStatus::kTooLarge, fmt::format("rule file '{}' is {} bytes, larger than the limit of {} bytes",
                                                         name, found->size(), limit)};
    }
    text.assign(*found);
    identity = name;
    return FileRead{};
  };
}

bool is_pack_folder(const std::string& folder) {
  std::vector<fs::path> files;
  std::string error;
  return rule_files_in(folder, files, error) && !files.empty();
}

std::string fingerprint_files(const std::map<std::string, std::string_view>& files) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const auto& [name, text] : files) {
    // name, NUL, byte count, NUL, bytes: unambiguous however names and contents look.
    const std::string header = fmt::format("{}{}{}{}", name, '\0', text.size(), '\0');
    EVP_DigestUpdate(ctx, header.data(), header.size());
    EVP_DigestUpdate(ctx, text.data(), text.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::string fingerprint(const syntax::SourceSet& sources) {
  std::map<std::string, std::string_view> files;
  for (const auto& f : sources.files()) files.emplace(f.name, f.text);
  return fingerprint_files(files);
}

LoadResult load_pack_files(const std::vector<std::string>& main_files, const ReadRuleFile& read,
                           const LoadLimits& limits) {
  LoadResult result;
  Loader loader(read, limits, result);
  for (const std::string& file : main_files) loader.load(file, std::nullopt, 0);
  if (!loader.compilable()) {
    result.diagnostics.sort();
    return result;
  }
  // After syntax errors the rest is still compiled, for its diagnostics only.
  const bool syntax_errors = !result.diagnostics.empty();
  result.rules = compile::compile_pack(loader.files(), result.diagnostics);
  if (syntax_errors) result.rules.reset();
  result.diagnostics.sort();
  if (result.rules) {
    result.rules->fingerprint = fingerprint(result.sources);
    report::prepare_json(*result.rules);
  }
  return result;
}

LoadResult load_pack(const std::string& path, const LoadLimits& limits, const OpenBuffers& buffers) {
  LoadResult result;
  std::error_code ec;
  const fs::path input = fs::absolute(path, ec);
  const fs::file_status status = fs::status(input, ec);
  fs::path pack;
  std::vector<std::string> main_files;
  if (fs::is_directory(status)) {
    pack = input;
    if (fs::exists(input / "pack.rxr", ec)) {
      main_files.push_back("pack.rxr");
    } else {
      std::vector<fs::path> files;
      if (!rule_files_in(input, files, result.io_error)) return result;
      for (const fs::path& file : files) main_files.push_back(file.filename().string());
    }
    if (main_files.empty()) {
      result.io_error = fmt::format("no .rxr rule files in folder '{}'", path);
      return result;
    }
  } else if (fs::is_regular_file(status)) {
    pack = input.parent_path();
    main_files.push_back(input.filename().string());
  } else if (fs::exists(status)) {
    result.io_error = fmt::format("cannot read rules '{}': it is not a rule file or a folder", path);
    return result;
  } else {
    result.io_error = fmt::format("cannot read rules '{}': no such file or folder", path);
    return result;
  }
  const fs::path root = fs::weakly_canonical(pack.parent_path(), ec);
  ReadRuleFile read = read_from_disk(root, pack);
  if (buffers) read = read_with_buffers(std::move(read), buffers);
  return load_pack_files(main_files, read, limits);
}

}  // namespace rxr::api
