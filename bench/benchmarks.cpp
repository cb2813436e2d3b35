// Benchmarks of each stage of a verification, on a generated corpus of
// realistic orders (bench/corpus.cpp, seed 42) verified through the shipped
// catalogue.
// Counters: "allocs/req" counts heap allocations per call, the response's
// included (allocation_counter.h: the plugin's are counted too).
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "api/catalogue.h"
#include "api/engine.h"
#include "allocation_counter.h"
#include "corpus.h"
#include "eval/verify.h"
#include "io/decode_request.h"
#include "pack_plugin.h"
#include "report/response.h"
#include "text/name_policy.h"

namespace {

constexpr std::size_t kCorpusSize = 512;
const char* const kRules = RXR_SOURCE_DIR "/rules";

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> requests = rxr::bench::make_corpus(42, kCorpusSize);
  return requests;
}

const rxr::api::Catalogue& catalogue() {
  static const std::shared_ptr<const rxr::api::Catalogue> loaded = [] {
    const rxr::api::CatalogueLoad result = rxr::api::load_catalogue(kRules);
    if (!result.ok()) std::abort();
    return result.catalogue;
  }();
  return *loaded;
}

// The pack the corpus's orders are routed to (each names the same drug).
const rxr::compile::RuleSet& rules() {
  static const rxr::compile::RuleSet* const pack = [] {
    rxr::io::RequestDecoder decoder;
    if (decoder.parse(corpus().front()).status != rxr::io::DecodeStatus::kOk) std::abort();
    std::string drug;
    rxr::text::normalize_name(decoder.text_at({"order", "drug"}).value_or(""), drug);
    const rxr::compile::RuleSet* routed = catalogue().route(drug);
    if (routed == nullptr) std::abort();
    return routed;
  }();
  return *pack;
}

double now() { return 1773300000.0; }  // fixed: a request without as_of gets the same time every run

void report_size(benchmark::State& state) {
  std::size_t bytes = 0;
  for (const auto& r : corpus()) bytes += r.size();
  state.counters["bytes/req"] = static_cast<double>(bytes) / static_cast<double>(corpus().size());
  state.SetItemsProcessed(state.iterations());
}

void BM_LoadAndCompileCatalogue(benchmark::State& state) {
  for (auto _ : state) {
    rxr::api::CatalogueLoad result = rxr::api::load_catalogue(kRules);
    benchmark::DoNotOptimize(result.catalogue);
  }
  std::size_t rules_in_all = 0;
  for (const auto& pack : catalogue().packs) rules_in_all += pack->rules.size();
  state.counters["packs"] = static_cast<double>(catalogue().packs.size());
  state.counters["rules"] = static_cast<double>(rules_in_all);
}
BENCHMARK(BM_LoadAndCompileCatalogue)->Unit(benchmark::kMillisecond);

void BM_DecodeRequest(benchmark::State& state) {
  rxr::io::RequestDecoder decoder;
  rxr::Facts facts;
  std::size_t i = 0;
  for (auto _ : state) {
    decoder.decode(corpus()[i++ % kCorpusSize], rules().schema, rules().symbols, now(), facts);
    benchmark::DoNotOptimize(facts);
  }
  report_size(state);
}
BENCHMARK(BM_DecodeRequest);

// Facts keep views into their decoder's buffer: one decoder per request.
struct Decoded {
  std::vector<rxr::io::RequestDecoder> decoders;
  std::vector<rxr::Facts> facts;
  static const Decoded& get() {
    static const Decoded d = [] {
      Decoded out;
      out.decoders.resize(64);
      out.facts.resize(64);
      rxr::eval::Scratch scratch;
      for (std::size_t i = 0; i < 64; ++i) {
        out.decoders[i].decode(corpus()[i], rules().schema, rules().symbols, now(), out.facts[i]);
        rxr::eval::prepare(rules(), out.facts[i], scratch);
      }
      return out;
    }();
    return d;
  }
};

void BM_EvaluateRules(benchmark::State& state) {
  const Decoded& decoded = Decoded::get();
  rxr::eval::Scratch scratch;
  rxr::eval::Verification verification;
  std::size_t i = 0;
  for (auto _ : state) {
    rxr::eval::verify(rules(), decoded.facts[i++ % 64], scratch, {}, verification);
    benchmark::DoNotOptimize(verification);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateRules);

void BM_EncodeResponse(benchmark::State& state) {
  const Decoded& decoded = Decoded::get();
  std::vector<rxr::eval::Verification> verifications(64);
  std::vector<rxr::eval::Scratch> scratches(64);
  for (std::size_t i = 0; i < 64; ++i) rxr::eval::verify(rules(), decoded.facts[i], scratches[i], {}, verifications[i]);
  std::string out;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % 64;
    out.clear();
    rxr::report::write_json(rxr::report::Verified{rules(), decoded.facts[k], verifications[k], scratches[k]}, out);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeResponse);

// The whole call a host makes: JSON in, response JSON out, through the C ABI
// of the catalogue plugin loaded with dlopen.
const rxr::bench::PackPlugin& plugin() {
  static const rxr::bench::PackPlugin loaded = [] {
    auto p = rxr::bench::PackPlugin::load(RXR_PACK_PLUGIN);
    if (!p) std::abort();
    return *p;
  }();
  return loaded;
}

void BM_VerifyThroughCAbi(benchmark::State& state) {
  for (const std::string& request : corpus()) plugin().verify_once(request);  // steady state: thread buffers grown
  std::size_t i = 0;
  const uint64_t before = rxr::bench::allocations_so_far();
  for (auto _ : state) plugin().verify_once(corpus()[i++ % kCorpusSize]);
  // The count is the process's: with two threads it would take in the other
  // thread's warm-up, so only one thread's calls are counted.
  if (state.threads() == 1) {
    state.counters["allocs/req"] =
        static_cast<double>(rxr::bench::allocations_so_far() - before) / static_cast<double>(state.iterations());
  }
  report_size(state);
}
BENCHMARK(BM_VerifyThroughCAbi);
BENCHMARK(BM_VerifyThroughCAbi)->Threads(2)->UseRealTime();

double resident_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  }
  return 0;
}

// Resident memory: of the whole benchmark process with the plugin loaded and
// an engine open, and what opening (parsing, compiling) one more engine adds.
void BM_OpenEngineResidentMemory(benchmark::State& state) {
  const rxr::bench::PackPlugin& loaded = plugin();
  const double before = resident_mib();
  rxr_engine* engine = nullptr;
  for (auto _ : state) {
    if (loaded.open(nullptr, &engine, nullptr) != RXR_OK) std::abort();
  }
  state.counters["engine_MiB"] = resident_mib() - before;
  state.counters["process_MiB"] = resident_mib();
}
BENCHMARK(BM_OpenEngineResidentMemory)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
