// `rxrules serve`: the CDS Hooks service of shared/spec/cds-hooks.md.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "service/audit/audit_log.h"
#include "service/jwt/jwt_verifier.h"
#include "service/server/cds_service.h"
#include "service/server/fhir_fetch.h"
#include "service/server/http_server.h"
#include "text/printable.h"

namespace rxr::cli {

namespace {

namespace svc = rxrules::service;
namespace fs = std::filesystem;

// The shipped mapping: installed beside the program (bin/../share/rxrules),
// else the source tree it was built from.
std::string default_mapping_path() {
  std::error_code ec;
  const fs::path program = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = program.parent_path().parent_path() / "share" / "rxrules" / "default-mapping.json";
    if (fs::is_regular_file(installed, ec)) return installed.string();
  }
  return RXR_DEFAULT_MAPPING;
}

// "127.0.0.1:8080" -> host and port; "[::1]:8080" for IPv6.
std::optional<std::pair<std::string, int>> split_listen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (port < 0 || port > 65535) return std::nullopt;
  return std::pair{host, port};
}

}  // namespace

int run_serve(const ServeArguments& args) {
  // Signals are taken by one thread with sigwait: blocked here, before any
  // thread starts, so that every later thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::string mapping_path = args.mapping.empty() ? default_mapping_path() : args.mapping;
  svc::MappingLoad mapping = svc::load_mapping(mapping_path);
  if (!mapping.mapping) {
    fmt::print(stderr, "rxrules: bad mapping file: {}\n", text::printable(mapping.error));
    return kExitUsage;
  }
  const auto listen = split_listen(args.listen);
  if (!listen) {
    fmt::print(stderr, "rxrules: --listen '{}': expected HOST:PORT\n", text::printable(args.listen));
    return kExitUsage;
  }
  if (!args.jwks.empty() && args.issuers.empty()) {
    fmt::print(stderr, "rxrules: --jwks needs at least one --issuer\n");
    return kExitUsage;
  }
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    fmt::print(stderr, "rxrules: --tls-cert and --tls-key go together\n");
    return kExitUsage;
  }

  api::CatalogueLoad loaded = api::load_catalogue(args.rules);
  if (!loaded.ok()) {
    fmt::print(stderr, "{}", text::printable(loaded.rendered()));
    fmt::print(stderr, "rxrules: the rules in '{}' do not load\n", text::printable(args.rules));
    return kExitFindings;
  }

  std::optional<svc::AuditLog> audit;
  try {
    audit.emplace(args.audit, args.audit_survives_process_crash_only ? svc::AuditDurability::process_crash
                                                                     : svc::kDefaultAuditDurability);
  } catch (const std::exception& e) {
    fmt::print(stderr, "rxrules: cannot open the audit log: {}\n", text::printable(e.what()));
    return kExitUsage;
  }

  svc::ServiceOptions options;
  options.rules_path = args.rules;
  options.mapping = *mapping.mapping;
  options.audit_requests = args.audit_requests;
  options.audit.call = [&audit](const svc::AuditCall& row) { audit->record(row); };
  options.audit.feedback = [&audit](const svc::AuditFeedback& row) { audit->record(row); };
  const svc::Mapping& fetch_mapping = *mapping.mapping;
  options.fetch = [&fetch_mapping](const svc::Json& call, std::string_view key) {
    return svc::fetch_prefetch(call, key, fetch_mapping, svc::FetchLimits{});
  };
  options.limits.max_request_bytes = std::max(options.limits.max_request_bytes, args.max_body_bytes);
  svc::CdsService service(loaded.catalogue, std::move(options));

  // The verifier needs the service's URL (its `aud`), known once bound.
  std::optional<svc::JwtVerifier> verifier;
  svc::HttpOptions http;
  http.host = listen->first;
  http.port = listen->second;
  http.threads = args.threads;
  http.max_body_bytes = args.max_body_bytes;
  http.tls_cert = args.tls_cert;
  http.tls_key = args.tls_key;
  if (!args.jwks.empty()) {
    http.authorize = [&verifier](std::string_view header) -> std::optional<std::string> {
      const svc::JwtOutcome outcome = verifier->verify(header, std::chrono::system_clock::now());
      if (outcome.ok) return std::nullopt;
      return outcome.error;
    };
  }
  svc::HttpServer server(service, http);
  if (!server.valid()) {
    fmt::print(stderr, "rxrules: cannot use the TLS certificate '{}' with the key '{}'\n", text::printable(args.tls_cert),
               text::printable(args.tls_key));
    return kExitUsage;
  }
  const int port = server.bind();
  if (port < 0) {
    fmt::print(stderr, "rxrules: cannot listen on {}\n", text::printable(args.listen));
    return kExitUsage;
  }
  const bool ipv6 = http.host.find(':') != std::string::npos;
  const std::string url = args.public_url.empty()
                              ? fmt::format("{}://{}:{}", args.tls_cert.empty() ? "http" : "https",
                                            ipv6 ? "[" + http.host + "]" : http.host, port)
                              : args.public_url;
  if (!args.jwks.empty()) {
    try {
      verifier.emplace(svc::JwtVerifier::from_jwks_file(args.jwks, svc::JwtRequirements{args.issuers, url}));
    } catch (const std::exception& e) {
      fmt::print(stderr, "rxrules: {}\n", text::printable(e.what()));
      return kExitUsage;
    }
  } else {
    fmt::print(stderr, "rxrules: development mode: no --jwks, calls are not authenticated\n");
  }
  fmt::print(stderr, "rxrules: listening on {} (public URL {}), {} threads, audit log {}\n",
             fmt::format("{}:{}", http.host, port), url, args.threads, text::printable(args.audit));

  std::atomic<bool> stopping = false;
  std::thread signal_thread([&] {
    for (;;) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (received == SIGHUP && !stopping) {
        const std::string diagnostics = service.reload();
        if (diagnostics.empty()) {
          fmt::print(stderr, "rxrules: rules reloaded from {} ({})\n", text::printable(args.rules),
                     service.catalogue()->fingerprint);
        } else {
          fmt::print(stderr, "{}\nrxrules: reload failed; the old rules stay\n", text::printable(diagnostics));
        }
        continue;
      }
      if (received == SIGHUP) continue;
      stopping = true;
      server.stop();  // stops accepting; calls in flight finish before run() returns
      return;
    }
  });
  server.run();
  const bool asked_to_stop = stopping.exchange(true);
  if (!asked_to_stop) pthread_kill(signal_thread.native_handle(), SIGTERM);  // the server failed: wake the signal thread
  signal_thread.join();
  // Leaving the scope closes the audit log once every row handed in is committed.
  fmt::print(stderr, "rxrules: stopped\n");
  return asked_to_stop ? kExitOk : kExitUsage;
}

}  // namespace rxr::cli
