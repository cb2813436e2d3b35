// rxrules replay: verify a corpus of past orders against two rule versions
// and report what the change does to them, before it is released.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "api/engine.h"
#include "cli/commands.h"
#include "cli/replay/corpus.h"
#include "cli/replay/impact.h"
#include "cli/replay/outcome.h"
#include "cli/replay/progress.h"
#include "cli/replay/report.h"
#include "text/printable.h"

namespace rxr::cli {

namespace {

using replay::RequestImpact;

// Loads one side's rules; null (with the diagnostics printed) when they do not load.
std::shared_ptr<const api::Catalogue> load_side(const std::string& path, const char* side) {
  api::CatalogueLoad loaded = api::load_catalogue(path);
  if (loaded.ok()) return loaded.catalogue;
  fmt::print(stderr, "{}", text::printable(loaded.rendered()));
  fmt::print(stderr, "rxrules: the {} rules in '{}' do not load\n", side, text::printable(path));
  return nullptr;
}

// Verifies one entry under both versions and compares the answers.
RequestImpact replay_one(const replay::CorpusEntry& entry, const api::Engine& old_engine,
                         const api::Engine& new_engine, replay::OutcomeReader& reader, std::string& response) {
  if (!entry.error.empty()) return replay::request_error(entry.label, entry.error);
  // The request is parsed the same way for both versions: one that cannot
  // be judged under the old rules cannot be under the new ones either.
  if (old_engine.verify(entry.request, {}, response) != api::VerifyStatus::kOk) {
    return replay::request_error(entry.label, response);
  }
  const replay::Outcome old_outcome = reader.read(response);
  if (new_engine.verify(entry.request, {}, response) != api::VerifyStatus::kOk) {
    return replay::request_error(entry.label, "under the new rules only: " + response);
  }
  return replay::compare(old_outcome, reader.read(response), entry.label);
}

}  // namespace

int run_replay(const ReplayArguments& args) {
  const auto old_rules = load_side(args.old_rules, "old");
  const auto new_rules = load_side(args.new_rules, "new");
  if (!old_rules || !new_rules) return kExitUsage;

  replay::Corpus corpus = replay::read_corpus(args.corpus, args.limits.max_request_bytes);
  if (!corpus.ok()) {
    fmt::print(stderr, "rxrules: {}\n", text::printable(corpus.error));
    return kExitUsage;
  }
  for (const std::string& skipped : corpus.skipped) {
    fmt::print(stderr, "rxrules: skipped '{}': not a .json request file\n", text::printable(skipped));
  }
  if (corpus.entries.empty()) {
    fmt::print(stderr, "rxrules: corpus '{}' has no requests\n", text::printable(args.corpus));
    return kExitUsage;
  }

  const api::Engine old_engine(old_rules, args.limits);
  const api::Engine new_engine(new_rules, args.limits);
  const std::size_t total = corpus.entries.size();
  std::vector<RequestImpact> results(total);

  // Threads take blocks of requests in turn; each result goes to its
  // request's slot, so that the report is in corpus order whatever the timing.
  constexpr std::size_t kBlock = 256;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex failure_lock;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < args.threads; ++t) {
    threads.emplace_back([&] {
      try {
        replay::OutcomeReader reader;
        std::string response;
        for (std::size_t begin; !failed && (begin = next.fetch_add(kBlock)) < total;) {
          const std::size_t end = std::min(total, begin + kBlock);
          for (std::size_t i = begin; i < end; ++i) {
            results[i] = replay_one(corpus.entries[i], old_engine, new_engine, reader, response);
          }
          done += end - begin;
        }
      } catch (...) {
        const std::lock_guard lock(failure_lock);
        failure = std::current_exception();
        failed = true;
      }
    });
  }
  replay::Progress progress(total);
  for (;;) {
    progress.show(done);
    if (done >= total || failed) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (auto& thread : threads) thread.join();
  progress.finish();
  if (failure) std::rethrow_exception(failure);

  replay::Impact impact;
  for (RequestImpact& result : results) replay::add(impact, std::move(result));
  replay::finish(impact);

  const replay::Subject subject{args.old_rules, old_rules->fingerprint, args.new_rules, new_rules->fingerprint,
                                args.corpus};
  const std::string report = args.format == "json"   ? replay::json_report(impact, subject)
                             : args.format == "html" ? replay::html_report(impact, subject)
                                                     : replay::text_report(impact, subject);
  std::fwrite(report.data(), 1, report.size(), stdout);
  if (std::fflush(stdout) != 0) {
    fmt::print(stderr, "rxrules: cannot write the report\n");
    return kExitUsage;
  }
  return impact.any_change() ? kExitFindings : kExitOk;
}

}  // namespace rxr::cli
