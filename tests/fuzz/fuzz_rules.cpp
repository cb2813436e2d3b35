// Fuzzes the rule-language front end: arbitrary bytes as pack.rxr through
// the lexer, parser, builder and checker/compiler, then the rendering of
// every diagnostic. The shipped rule files are served under the names a
// pack imports them by (fuzz_support.h), so imports resolve and the fuzzer
// reaches the checker with real lists in scope. A pack that compiles is also
// run on an example order, with and without explanations, so that odd but
// valid rules reach evaluation and the response writers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/engine.h"
#include "fuzz_support.h"
#include "syntax/diagnostic.h"

namespace {

const std::string& example_request() {
  static const std::string request = rxr::fuzz::read_source_file(RXR_SOURCE_DIR "/examples/adult-cycle1-day1.json");
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
      const auto status = rxr::api::verify_with_pack(rules, example_request(), {explain, text, {}}, {}, out);
      if (status != rxr::api::VerifyStatus::kOk) rxr::fuzz::violated("the example order is not answered", out);
      if (!text) rxr::fuzz::check_json(out);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const rxr::api::LoadResult loaded = rxr::fuzz::load_fuzzed_pack(input);
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
