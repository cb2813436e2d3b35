// Fuzzes the rule-language front end: arbitrary bytes as pack.rxr through
// the lexer, parser, builder and checker/compiler, then the rendering of
// every diagnostic. The shared drug lists (rules/common/*.rxr) are served
// under the names a pack imports them by, so imports resolve and the fuzzer
// reaches the checker with real lists in scope. A pack that compiles is also
// run on an example order, with and without explanations, so that odd but
// valid rules reach evaluation and the response writers.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "api/engine.h"
#include "fuzz_support.h"
#include "syntax/diagnostic.h"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) rxr::fuzz::violated("cannot read a file of the source tree", path.string());
  return std::move(text).str();
}

// "../common/qt-drugs.rxr" -> text: the names the loader asks for when
// pack.rxr imports the shared lists as the shipped packs do.
const std::map<std::string, std::string>& common_files() {
  static const std::map<std::string, std::string> files = [] {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(RXR_SOURCE_DIR "/rules/common")) {
      if (entry.path().extension() == ".rxr") {
        out.emplace("../common/" + entry.path().filename().string(), read_file(entry.path()));
      }
    }
    return out;
  }();
  return files;
}

const std::string& example_request() {
  static const std::string request = read_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
  return request;
}

void check_diagnostics(const rxr::api::LoadResult& loaded) {
  const rxr::syntax::SourceSet& sources = loaded.sources;
  for (const rxr::syntax::Diagnostic& d : loaded.diagnostics.items()) {
    // A diagnostic points into a loaded file, at a line that exists: the
    // pharmacist is sent to that place.
    if (d.span.file >= sources.size()) rxr::fuzz::violated("diagnostic in no file", d.message);
    if (d.span.line < 1 || d.span.column < 1 || d.span.line > sources.file(d.span.file).line_starts.size()) {
      rxr::fuzz::violated("diagnostic outside its file", rxr::syntax::render(d, sources));
    }
    if (d.message.empty()) rxr::fuzz::violated("diagnostic without a message");
    (void)rxr::syntax::render(d, sources);
  }
  (void)rxr::syntax::render_brief(loaded.diagnostics, sources);
}

// A pack that loads answers the example order within the contract: its JSON
// response, plain or explained, has a verdict that follows from its findings.
void verify_example(const rxr::compile::RuleSet& rules) {
  std::string out;
  for (const bool explain : {false, true}) {
    for (const bool text : {false, true}) {
      const auto status = rxr::api::verify(rules, example_request(), {explain, text}, {}, out);
      if (status != rxr::api::VerifyStatus::kOk) rxr::fuzz::violated("the example order is not answered", out);
      if (!text) rxr::fuzz::check_json(out);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const rxr::api::ReadRuleFile read =
      rxr::api::read_from_memory([&input](const std::string& name) -> std::optional<std::string_view> {
        if (name == "pack.rxr") return input;
        const auto found = common_files().find(name);
        if (found == common_files().end()) return std::nullopt;
        return found->second;
      });
  const rxr::api::LoadResult loaded = rxr::api::load_pack_files({"pack.rxr"}, read);
  // pack.rxr is always there, so every failure is a diagnostic, and a pack
  // with a diagnostic never loads.
  if (!loaded.io_error.empty()) rxr::fuzz::violated("I/O error for a file that exists", loaded.io_error);
  if (loaded.ok() != loaded.diagnostics.empty()) {
    rxr::fuzz::violated("a pack loads if and only if it has no diagnostics",
                        rxr::syntax::render_all(loaded.diagnostics, loaded.sources));
  }
  check_diagnostics(loaded);
  if (loaded.ok()) verify_example(*loaded.rules);
  return 0;
}
