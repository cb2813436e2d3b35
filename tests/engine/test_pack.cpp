#include "test_pack.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace rxr::testing {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

api::LoadResult load_rules(const std::string& text) {
  return api::load_pack_files({"pack.rxr"},
                              api::read_from_memory([&text](const std::string& name) -> std::optional<std::string_view> {
                                if (name != "pack.rxr") return std::nullopt;
                                return text;
                              }));
}

std::shared_ptr<const compile::RuleSet> shipped_rules() {
  static const std::shared_ptr<const compile::RuleSet> rules = [] {
    api::LoadResult loaded = api::load_pack(RXR_SOURCE_DIR "/rules/inotuzumab_ozogamicin");
    if (!loaded.ok()) throw std::runtime_error(syntax::render_all(loaded.diagnostics, loaded.sources));
    return std::shared_ptr<const compile::RuleSet>(std::move(loaded.rules));
  }();
  return rules;
}

api::Engine engine_for(const std::string& body) {
  api::LoadResult loaded = load_rules("pack \"test\" version \"1\"\nsource T \"Test source\"\n" + body);
  EXPECT_TRUE(loaded.ok()) << syntax::render_all(loaded.diagnostics, loaded.sources) << loaded.io_error;
  if (!loaded.ok()) return api::Engine(std::make_shared<compile::RuleSet>());
  return api::Engine(std::move(loaded.rules));
}

std::string verify(const api::Engine& engine, const std::string& request) {
  std::string out;
  EXPECT_EQ(engine.verify(request, {}, out), api::VerifyStatus::kOk) << out;
  return out;
}

std::string summary(const api::Engine& engine, const std::string& request) {
  const std::string response = verify(engine, request);
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

}  // namespace rxr::testing
