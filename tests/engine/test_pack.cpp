#include "test_pack.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace rxr::testing {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

api::LoadResult load_rules(const std::string& text) {
  static std::atomic<int> counter{0};
  const fs::path dir = fs::temp_directory_path() /
                       ("rxr-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir);
  std::ofstream(dir / "pack.rxr") << text;
  api::LoadResult result = api::load_pack(dir.string());
  fs::remove_all(dir);
  return result;
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
