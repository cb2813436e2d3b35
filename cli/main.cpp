// rxrules: check rule files, verify orders, run rule regression tests, check audit logs.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "report/response.h"
#include "rxrules/rxrules.h"

namespace {

// `--explain` takes an optional rule id, so in `verify --explain order.json`
// (or `--explain -`) it took the request: give it back.
void take_request_from_explain(rxr::cli::VerifyArguments& args) {
  const std::string& value = args.explain_rule;
  const bool rule_id = !value.empty() && value.front() >= 'A' && value.front() <= 'Z' &&
                       value.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == std::string::npos;
  if (value.empty() || rule_id || args.request != "-") return;
  args.request = value;
  args.explain_rule.clear();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rxr::cli;
  CLI::App app{"rxrules: verify chemotherapy orders against rule packs"};
  app.require_subcommand(1);
  // The versions a support call asks for first: this engine's, and the C
  // ABI its plugins implement (c-abi.md; 1.1 adds functions, not a version).
  app.set_version_flag("--version", fmt::format("rxrules {} (C ABI {}, with the 1.1 functions)",
                                                 rxr::report::engine_version(), RXR_ABI_VERSION));

  std::vector<std::string> check_paths;
  auto* check = app.add_subcommand("check", "Load rule files or folders and report every mistake");
  check->add_option("paths", check_paths, "Rule files or folders")->required();

  std::string schema_path;
  auto* schema = app.add_subcommand("schema", "Print the request fields a pack or catalogue reads, as JSON Schema");
  schema->add_option("path", schema_path, "Rule file, pack folder or catalogue folder")->required();

  VerifyArguments verify_args;
  std::string format = "json";
  auto* verify = app.add_subcommand("verify", "Verify one request (or a folder of them) against a rule pack");
  verify->add_option("--rules", verify_args.rules, "Rule file or folder")->required();
  verify->add_option("request", verify_args.request, "Request JSON file, folder of them, or - for stdin");
  verify->add_option("--format", format, "json (default) or text")->check(CLI::IsMember({"json", "text"}));
  verify->add_option("--explain", verify_args.explain_rule,
                     "Show why each rule fired or stayed quiet; with a rule id, that rule only, with how its lets "
                     "and table rows were worked out")
      ->expected(0, 1);
  rxr::io::DecodeLimits& limits = verify_args.limits;
  verify->add_option("--max-request-bytes", limits.max_request_bytes, "Refuse larger requests (default 1 MiB)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  verify->add_option("--max-depth", limits.max_depth, "Refuse requests nesting arrays and objects deeper (default 64)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  verify->add_option("--max-list-items", limits.max_list_items, "A longer list is a problem (default 1000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  verify->add_option("--max-string-bytes", limits.max_string_bytes, "A longer string is a problem (default 4096)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));

  TestArguments test_args;
  auto* test = app.add_subcommand("test", "Run the regression cases that sit with the rules");
  test->add_option("paths", test_args.paths, "Rule pack folders, or folders of packs")->required();
  test->add_option("--junit", test_args.junit, "Write JUnit XML to this file");
  test->add_flag("--coverage", test_args.coverage, "List rules no case makes fire or keeps quiet");
  test->add_flag("--strict", test_args.strict, "Coverage (implies --coverage): a rule lacking a case fails the run");

  FmtArguments fmt_args;
  auto* fmt_cmd = app.add_subcommand("fmt", "Rewrite rule files in the canonical layout");
  fmt_cmd->add_option("paths", fmt_args.paths, "Rule files, or folders of them")->required();
  fmt_cmd->add_flag("--check", fmt_args.check, "Only list the files fmt would change; exit 1 if any");

  BenchArguments bench_args;
  auto* bench = app.add_subcommand("bench", "Verify every request of a corpus many times; report requests/s and latency");
  bench->add_option("--rules", bench_args.rules, "Rule file or folder")->required();
  bench->add_option("corpus", bench_args.corpus, "Requests, one JSON object per line")->required();
  bench->add_option("--threads", bench_args.threads, "Threads verifying at once")->check(CLI::Range(1u, 256u));
  bench->add_option("--repeat", bench_args.repeat, "Rounds over the corpus per thread")->check(CLI::Range(1u, 100000u));
  bench->add_option("--json", bench_args.json, "Write a JSON summary to this file");

  auto* lsp = app.add_subcommand("lsp", "Serve editors as a language server over stdin and stdout");

  std::string audit_file;
  auto* audit = app.add_subcommand("audit", "Work with the audit log of `rxrules serve`");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the audit log's hash chain; print the first bad row");
  audit_verify->add_option("file", audit_file, "The audit log (SQLite file)")->required();

  ReplayArguments replay_args;
  auto* replay = app.add_subcommand("replay", "Verify a corpus of past orders against two rule versions; report what changed");
  replay->add_option("--old", replay_args.old_rules, "The rules in force (file or folder)")->required();
  replay->add_option("--new", replay_args.new_rules, "The changed rules (file or folder)")->required();
  replay->add_option("corpus", replay_args.corpus, "Requests: JSON lines, or a folder of request files")->required();
  replay->add_option("--format", replay_args.format, "text (default), json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  replay->add_option("--threads", replay_args.threads, "Threads verifying at once (default 2)")->check(CLI::Range(1u, 256u));

  ServeArguments serve_args;
  auto* serve = app.add_subcommand("serve", "Run the CDS Hooks service (docs/cds-hooks.md)");
  serve->add_option("--rules", serve_args.rules, "Rule file, pack folder or catalogue folder")->required();
  serve->add_option("--listen", serve_args.listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free one)");
  serve->add_option("--audit", serve_args.audit, "Audit log SQLite file (default rxrules-audit.sqlite)");
  serve->add_flag("--audit-requests", serve_args.audit_requests, "Keep each verification request in the audit log");
  std::string audit_durability = "power-failure";
  serve->add_option("--audit-durability", audit_durability,
                    "power-failure (default: each commit synced to disk) or process-crash")
      ->check(CLI::IsMember({"power-failure", "process-crash"}));
  serve->add_option("--mapping", serve_args.mapping, "FHIR mapping file (default: the shipped one)");
  serve->add_option("--jwks", serve_args.jwks, "JWK set file: require a signed JWT on every call");
  serve->add_option("--issuer", serve_args.issuers, "An accepted JWT issuer (repeatable)");
  serve->add_option("--public-url", serve_args.public_url, "The service's URL as clients reach it (the JWT audience)");
  serve->add_option("--threads", serve_args.threads, "Worker threads (default 8)")->check(CLI::Range(1u, 256u));
  serve->add_option("--max-body-bytes", serve_args.max_body_bytes, "Refuse larger bodies (default 1 MiB)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  serve->add_option("--tls-cert", serve_args.tls_cert, "TLS certificate (PEM); with --tls-key serves HTTPS");
  serve->add_option("--tls-key", serve_args.tls_key, "TLS private key (PEM)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (check->parsed()) return run_check(check_paths);
    if (schema->parsed()) return run_schema(schema_path);
    if (test->parsed()) return run_test(test_args);
    if (bench->parsed()) return run_bench(bench_args);
    if (fmt_cmd->parsed()) return run_fmt(fmt_args);
    if (lsp->parsed()) return run_lsp();
    if (serve->parsed()) {
      serve_args.audit_survives_process_crash_only = audit_durability == "process-crash";
      return run_serve(serve_args);
    }
    if (audit_verify->parsed()) return run_audit_verify(audit_file);
    if (replay->parsed()) return run_replay(replay_args);
    verify_args.text = format == "text";
    verify_args.explain = verify->count("--explain") > 0;
    take_request_from_explain(verify_args);
    return run_verify(verify_args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "rxrules: internal error: {}\n", e.what());
    return kExitUsage;
  }
}
