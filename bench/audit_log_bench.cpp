// Rows per second an AuditLog commits and bytes per 10,000 rows, with
// --callers threads recording at once (the service's threads). Run by scripts/audit_bench.sh.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "service/audit/audit_log.h"

namespace {

namespace fs = std::filesystem;
using rxrules::service::AuditCall;
using rxrules::service::AuditDurability;
using rxrules::service::AuditLog;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"audit_log_bench: group-commit throughput and file size of the audit log"};
  fs::path file;
  unsigned callers = 8;
  unsigned rows = 10000;
  std::string durability = "power-failure";
  bool with_requests = false;
  std::vector<fs::path> responses;
  std::vector<fs::path> requests;
  app.add_option("--file", file, "Audit log to create (removed first)")->required();
  app.add_option("--callers", callers, "Threads recording at once")->check(CLI::Range(1u, 1024u));
  app.add_option("--rows", rows, "Rows in all")->check(CLI::Range(1u, 10'000'000u));
  app.add_option("--durability", durability)->check(CLI::IsMember({"power-failure", "process-crash"}));
  app.add_flag("--with-requests", with_requests, "Store each request too (--audit-requests)");
  app.add_option("--responses", responses, "Response JSON files, recorded in turn")->required();
  app.add_option("--requests", requests, "Request JSON files, recorded in turn with --with-requests");
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> response_texts, request_texts;
  for (const auto& path : responses) response_texts.push_back(read_file(path));
  for (const auto& path : requests) request_texts.push_back(read_file(path));
  if (with_requests && request_texts.empty()) {
    fmt::print(stderr, "audit_log_bench: --with-requests needs --requests\n");
    return 2;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);

  const auto start = std::chrono::steady_clock::now();
  {
    AuditLog log(file, durability == "power-failure" ? AuditDurability::power_failure : AuditDurability::process_crash);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < callers; ++t) {
      threads.emplace_back([&, t] {
        for (unsigned i = t; i < rows; i += callers) {
          AuditCall call;
          call.time = "2026-12-02T01:00:00.123Z";
          call.service = "rxrules-order-sign";
          call.hook_instance = fmt::format("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea-{}", i);
          call.request_sha256 = std::string(64, 'a');
          if (with_requests) call.request = request_texts[i % request_texts.size()];
          call.catalogue_fingerprint = std::string(64, 'c');
          call.pack_fingerprints = fmt::format("[\"{}\", \"{}\"]", std::string(64, 'p'), std::string(64, 'q'));
          call.as_of = "2026-12-02T01:00:00Z";
          call.verdict = "warn";
          call.response = response_texts[i % response_texts.size()];
          log.record(call);
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }  // closing checkpoints the WAL into the file
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto bytes = fs::file_size(file);
  fmt::print("{{\"durability\": \"{}\", \"callers\": {}, \"rows\": {}, \"with_requests\": {}, \"seconds\": {:.3f}, "
             "\"rows_per_second\": {:.0f}, \"bytes_per_10000_rows\": {}}}\n",
             durability, callers, rows, with_requests, seconds, rows / seconds,
             static_cast<std::uintmax_t>(static_cast<double>(bytes) * 10000.0 / rows));
  return 0;
}
