#include "cli/lsp/workspace.h"

#include <filesystem>

#include "api/pack_loader.h"
#include "cli/lsp/positions.h"
#include "syntax/parse.h"

namespace rxr::cli::lsp {

namespace fs = std::filesystem;

namespace {

constexpr int kSeverityError = 1;
constexpr int kSeverityInformation = 3;

nlohmann::json diagnostic(nlohmann::json range, int severity, const std::string& message) {
  return {{"range", std::move(range)}, {"severity", severity}, {"source", "rxrules"}, {"message", message}};
}

nlohmann::json start_of_file() {
  return {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}};
}

bool reaches(const api::LoadResult& load, const fs::path& pack, const std::string& path) {
  for (const syntax::SourceFile& file : load.sources.files()) {
    if (Workspace::resolved((pack / file.name).string()) == path) return true;
  }
  return false;
}

}  // namespace

std::string Workspace::resolved(const std::string& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? fs::path(path).lexically_normal().string() : canonical.string();
}

void Workspace::open(const std::string& path, std::string text) { buffers_[resolved(path)] = std::move(text); }

void Workspace::close(const std::string& path) { buffers_.erase(resolved(path)); }

const std::string* Workspace::buffer(const std::string& path) const {
  const auto found = buffers_.find(resolved(path));
  return found == buffers_.end() ? nullptr : &found->second;
}

const PackView* Workspace::pack_of(const std::string& path) const {
  const auto found = packs_.find(fs::path(resolved(path)).parent_path().string());
  return found == packs_.end() ? nullptr : &found->second;
}

std::vector<FileDiagnostics> Workspace::analyse(const std::string& path) {
  const std::string file = resolved(path);
  const fs::path pack = fs::path(file).parent_path();
  PackView& view = packs_[pack.string()];
  const api::OpenBuffers buffers = [this](const std::string& name) -> std::optional<std::string_view> {
    const auto found = buffers_.find(name);
    if (found == buffers_.end()) return std::nullopt;
    return found->second;
  };

  api::LoadResult load = api::load_pack(pack.string(), {}, buffers);
  if (load.io_error.empty() && !reaches(load, pack, file)) load = api::load_pack(file, {}, buffers);

  std::map<std::string, FileDiagnostics> out;
  for (const std::string& had : view.with_diagnostics) out[had].path = had;
  std::vector<std::string> paths;  // by FileId
  for (const syntax::SourceFile& source : load.sources.files()) paths.push_back(resolved((pack / source.name).string()));
  for (const syntax::Diagnostic& d : load.diagnostics.items()) {
    const syntax::SourceFile& source = load.sources.file(d.span.file);
    FileDiagnostics& entry = out[paths[d.span.file]];
    entry.path = paths[d.span.file];
    entry.diagnostics.push_back(
        diagnostic(range_of(d.span, source), kSeverityError, d.hint.empty() ? d.message : d.message + "\n" + d.hint));
  }
  FileDiagnostics& here = out[file];
  here.path = file;
  if (!load.io_error.empty()) here.diagnostics.push_back(diagnostic(start_of_file(), kSeverityError, load.io_error));
  if (load.diagnostics.not_kept() > 0) {
    here.diagnostics.push_back(diagnostic(
        start_of_file(), kSeverityInformation,
        std::to_string(load.diagnostics.not_kept()) + " more errors in this pack are not shown; fix these first"));
  }

  // Declarations of each file that parses now; the older version of one that does not.
  std::map<std::string, ParsedFile> files;
  for (std::size_t id = 0; id < load.sources.size(); ++id) {
    syntax::Diagnostics syntax_errors;
    ast::File parsed = syntax::parse_file(load.sources, static_cast<syntax::FileId>(id), syntax_errors);
    auto previous = view.files.find(paths[id]);
    if (syntax_errors.empty()) {
      files[paths[id]] = {load.sources.file(static_cast<syntax::FileId>(id)).text, std::move(parsed)};
    } else if (previous != view.files.end()) {
      files[paths[id]] = std::move(previous->second);
    }
  }
  view.files = std::move(files);

  if (load.ok()) {
    view.rules = std::move(load.rules);
  } else if (!view.rules) {
    // Never loaded yet: the files on disk may, and their fields and names
    // serve hover and completion until the buffers load.
    api::LoadResult on_disk = api::load_pack(pack.string());
    if (on_disk.ok()) view.rules = std::move(on_disk.rules);
  }

  std::vector<FileDiagnostics> published;
  view.with_diagnostics.clear();
  for (auto& [name, entry] : out) {
    if (!entry.diagnostics.empty()) view.with_diagnostics.insert(name);
    published.push_back(std::move(entry));
  }
  return published;
}

}  // namespace rxr::cli::lsp
