#include "api/catalogue.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>


namespace rxr::api {

namespace fs = std::filesystem;

namespace {

// Every name a pack's drug goes by: its generic name and its aka names.
std::vector<std::string> drug_names(const compile::RuleSet& pack) {
  std::vector<std::string> names{pack.info.drug};
  names.insert(names.end(), pack.info.aka.begin(), pack.info.aka.end());
  return names;
}

// Whether `pack` answers for `name` (normalised).
bool answers(const compile::RuleSet& pack, std::string_view name) {
  return pack.info.drug_symbol != kUnknownSymbol && pack.symbols.find_drug(name) == pack.info.drug_symbol;
}

// Two packs claiming one drug name would make routing depend on folder order.
void check_claims(const Catalogue& catalogue, const std::vector<std::string>& folders, std::vector<std::string>& errors) {
  const auto& packs = catalogue.packs;
  for (std::size_t a = 0; a < packs.size(); ++a) {
    for (std::size_t b = a + 1; b < packs.size(); ++b) {
      std::set<std::string> reported;
      for (const auto& [claimant, other] : {std::pair{a, b}, std::pair{b, a}}) {
        for (const std::string& name : drug_names(*packs[claimant])) {
          const std::string key = SymbolTable::key(name);
          if (!answers(*packs[other], key) || !reported.insert(key).second) continue;
          errors.push_back(fmt::format("packs '{}' ({}) and '{}' ({}) both claim the drug name '{}': a name may "
                                       "belong to one pack only",
                                       packs[a]->info.name, folders[a], packs[b]->info.name, folders[b], name));
        }
      }
    }
  }
}

}  // namespace

const compile::RuleSet* Catalogue::route(std::string_view name) const {
  for (const auto& pack : packs) {
    if (answers(*pack, name)) return pack.get();
  }
  return nullptr;
}

std::vector<std::string> pack_folders(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec) || is_pack_folder(path)) return {path};
  std::vector<std::string> out;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && is_pack_folder(it->path().string())) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::shared_ptr<const Catalogue> catalogue_of(std::shared_ptr<const compile::RuleSet> rules) {
  auto catalogue = std::make_shared<Catalogue>();
  catalogue->fingerprint = rules->fingerprint;
  (rules->info.drug.empty() ? catalogue->shared : catalogue->packs).push_back(std::move(rules));
  return catalogue;
}

namespace {

// Builds the catalogue of the packs loaded into `out` (when all loaded).
// A catalogue's fingerprint covers every file once, named from its root; a
// catalogue of one keeps its pack's (its files named from the pack).
void assemble(CatalogueLoad& out, const std::string& path, bool one_pack) {
  for (const CatalogueLoad::Pack& pack : out.packs) {
    if (!pack.ok()) return;
  }
  auto catalogue = std::make_shared<Catalogue>();
  catalogue->folder = path;
  std::vector<std::string> answering;
  std::map<std::string, std::string_view> files;
  for (const CatalogueLoad::Pack& pack : out.packs) {
    const std::string pack_name = fs::path(pack.folder).filename().string();
    for (const syntax::SourceFile& file : pack.load.sources.files()) {
      files.emplace((fs::path(pack_name) / file.name).lexically_normal().generic_string(), file.text);
    }
    if (pack.rules->info.drug.empty()) {
      catalogue->shared.push_back(pack.rules);
    } else {
      catalogue->packs.push_back(pack.rules);
      answering.push_back(pack.folder);
    }
  }
  catalogue->fingerprint = one_pack ? out.packs.front().rules->fingerprint : fingerprint_files(files);
  check_claims(*catalogue, answering, out.errors);
  if (out.errors.empty()) out.catalogue = std::move(catalogue);
}

void add_pack(CatalogueLoad& out, std::string folder, LoadResult load) {
  CatalogueLoad::Pack pack{std::move(folder), std::move(load), nullptr};
  if (!pack.load.io_error.empty() && out.io_error.empty()) out.io_error = pack.load.io_error;
  pack.rules = std::move(pack.load.rules);
  out.packs.push_back(std::move(pack));
}

}  // namespace

CatalogueLoad load_catalogue(const std::string& path, const LoadLimits& limits) {
  CatalogueLoad out;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    out.io_error = fmt::format("cannot read rules '{}': no such file or folder", path);
    return out;
  }
  const bool one_pack = !fs::is_directory(path, ec) || is_pack_folder(path);
  const std::vector<std::string> folders = one_pack ? std::vector<std::string>{path} : pack_folders(path);
  if (folders.empty()) {
    out.io_error = fmt::format("no rule packs in folder '{}': a catalogue is a folder of pack folders", path);
    return out;
  }
  for (const std::string& folder : folders) add_pack(out, folder, load_pack(folder, limits));
  assemble(out, path, one_pack);
  return out;
}

CatalogueLoad load_catalogue_files(const std::vector<std::string>& folders,
                                   const std::function<std::optional<std::string_view>(const std::string&)>& find,
                                   const LoadLimits& limits) {
  CatalogueLoad out;
  for (const std::string& folder : folders) {
    // The pack reads its files by names relative to its folder, as on disk.
    const ReadRuleFile read = read_from_memory([&](const std::string& name) {
      return find((fs::path(folder) / name).lexically_normal().generic_string());
    });
    const std::vector<std::string> mains =
        find(folder + "/pack.rxr") ? std::vector<std::string>{"pack.rxr"} : std::vector<std::string>{};
    if (mains.empty()) {
      out.io_error = fmt::format("the embedded rules have no {}/pack.rxr", folder);
      return out;
    }
    add_pack(out, folder, load_pack_files(mains, read, limits));
  }
  assemble(out, "(embedded)", folders.size() == 1);
  return out;
}

std::string CatalogueLoad::brief() const {
  std::string out = io_error;
  for (const Pack& pack : packs) {
    if (pack.load.diagnostics.empty()) continue;
    if (!out.empty()) out += '\n';
    out += syntax::render_brief(pack.load.diagnostics, pack.load.sources);
  }
  for (const std::string& error : errors) out += (out.empty() ? "" : "\n") + error;
  return out;
}

std::string CatalogueLoad::rendered() const {
  std::string out;
  for (const Pack& pack : packs) out += syntax::render_all(pack.load.diagnostics, pack.load.sources);
  for (const std::string& error : errors) out += "error: " + error + '\n';
  if (!io_error.empty()) out += io_error + '\n';
  return out;
}

}  // namespace rxr::api
