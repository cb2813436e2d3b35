#include "test_pack.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace rxr::testing {

namespace {

// The shipped shared files, by the name a pack beside them imports them.
const std::map<std::string, std::string>& common_files() {
  static const std::map<std::string, std::string> files = [] {
    std::map<std::string, std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(RXR_SOURCE_DIR "/rules/common")) {
      if (entry.path().extension() == ".rxr") {
        out.emplace("../common/" + entry.path().filename().string(), read_file(entry.path().string()));
      }
    }
    return out;
  }();
  return files;
}

std::string summary_of(const std::string& response) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(response);
  std::string out{std::string_view(doc["verdict"])};
  for (simdjson::dom::element finding : doc["findings"].get_array()) {
    out += " ";
    out += std::string_view(finding["rule"]);
    out += ":";
    out += std::string_view(finding["severity"]);
  }
  return out;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

api::LoadResult load_rules(const std::string& text) {
  return api::load_pack_files(
      {"pack.rxr"}, api::read_from_memory([&text](const std::string& name) -> std::optional<std::string_view> {
        if (name == "pack.rxr") return text;
        const auto found = common_files().find(name);
        if (found == common_files().end()) return std::nullopt;
        return std::string_view(found->second);
      }));
}

std::shared_ptr<const api::Catalogue> shipped_catalogue() {
  static const std::shared_ptr<const api::Catalogue> catalogue = [] {
    const api::CatalogueLoad loaded = api::load_catalogue(RXR_SOURCE_DIR "/rules");
    if (!loaded.ok()) throw std::runtime_error(loaded.rendered());
    return loaded.catalogue;
  }();
  return catalogue;
}

api::VerifyStatus TestPack::verify(const std::string& request, const api::VerifyOptions& options,
                                   std::string& out) const {
  return api::verify_with_pack(*rules_, request, options, {}, out);
}

TestPack engine_for(const std::string& body) {
  api::LoadResult loaded = load_rules("pack \"test\" version \"1\"\nsource T \"Test source\"\n"
                                      "import \"../common/request.rxr\"\n" + body);
  EXPECT_TRUE(loaded.ok()) << syntax::render_all(loaded.diagnostics, loaded.sources) << loaded.io_error;
  if (!loaded.ok()) return TestPack(std::make_shared<compile::RuleSet>());
  return TestPack(std::move(loaded.rules));
}

std::string verify(const TestPack& pack, const std::string& request) {
  std::string out;
  EXPECT_EQ(pack.verify(request, {}, out), api::VerifyStatus::kOk) << out;
  return out;
}

std::string verify(const api::Engine& engine, const std::string& request) {
  std::string out;
  EXPECT_EQ(engine.verify(request, {}, out), api::VerifyStatus::kOk) << out;
  return out;
}

std::string summary(const TestPack& pack, const std::string& request) { return summary_of(verify(pack, request)); }

}  // namespace rxr::testing
