#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "api/engine.h"
#include "cli/commands.h"

namespace rxr::cli {

namespace {

using Clock = std::chrono::steady_clock;

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int run_bench(const BenchArguments& args) {
  const api::CatalogueLoad loaded = api::load_catalogue(args.rules);
  if (!loaded.ok()) {
    fmt::print(stderr, "rxrules: the rules in '{}' do not load\n{}", args.rules, loaded.rendered());
    return kExitFindings;
  }
  const api::Engine engine(loaded.catalogue);
  std::ifstream in(args.corpus);
  if (!in) {
    fmt::print(stderr, "rxrules: cannot read corpus '{}'\n", args.corpus);
    return kExitUsage;
  }
  std::vector<std::string> corpus;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) corpus.push_back(std::move(line));
  }
  if (corpus.empty()) {
    fmt::print(stderr, "rxrules: corpus '{}' has no requests (one JSON object per line)\n", args.corpus);
    return kExitUsage;
  }

  // Each thread verifies the whole corpus `repeat` times, timing every call.
  // It records into its own vector and counter and hands them over at the
  // end: shared ones, side by side in memory, would bounce one cache line
  // between the cores on every request and understate how threads scale.
  std::vector<std::vector<double>> latencies(args.threads);
  std::vector<std::size_t> errors(args.threads, 0);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < args.threads; ++t) {
    threads.emplace_back([&, t] {
      std::string response;
      std::vector<double> timed;
      timed.reserve(corpus.size() * args.repeat);
      std::size_t failed = 0;
      for (unsigned r = 0; r < args.repeat; ++r) {
        for (const std::string& request : corpus) {
          const auto before = Clock::now();
          const auto status = engine.verify(request, {}, response);
          timed.push_back(std::chrono::duration<double, std::micro>(Clock::now() - before).count());
          failed += status != api::VerifyStatus::kOk;
        }
      }
      latencies[t] = std::move(timed);
      errors[t] = failed;
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  std::size_t failed = 0;
  for (std::size_t e : errors) failed += e;
  const double rate = static_cast<double>(all.size()) / seconds;
  fmt::print("{} requests x {} rounds on {} thread{}: {:.0f} requests/s; latency p50 {:.2f} us, p99 {:.2f} us, "
             "p99.9 {:.2f} us, max {:.2f} us; {} request errors\n",
             corpus.size(), args.repeat, args.threads, args.threads == 1 ? "" : "s", rate, percentile(all, 0.5),
             percentile(all, 0.99), percentile(all, 0.999), all.back(), failed);
  if (!args.json.empty()) {
    std::ofstream out(args.json);
    out << fmt::format(
        "{{\"requests\":{},\"threads\":{},\"requests_per_second\":{:.0f},\"p50_us\":{:.3f},\"p99_us\":{:.3f},"
        "\"p999_us\":{:.3f},\"max_us\":{:.3f},\"errors\":{}}}\n",
        all.size(), args.threads, rate, percentile(all, 0.5), percentile(all, 0.99), percentile(all, 0.999),
        all.back(), failed);
  }
  return kExitOk;
}

}  // namespace rxr::cli
