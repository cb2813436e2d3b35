// The subcommands of `rxrules` (shared/spec/cli.md). Each returns the exit status.
#pragma once

#include <string>
#include <vector>

#include "api/catalogue.h"
#include "io/decode_request.h"

namespace rxr::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // diagnostics, rules that do not load, failed cases, a broken audit log
inline constexpr int kExitUsage = 2;     // usage, IO, a request that is not a JSON object

int run_check(const std::vector<std::string>& paths);
// Warns (stdout, "file: warning: ...") about each rule file in a pack
// folder that no pack imports. Shared by check and test.
void print_unimported(const api::CatalogueLoad& loaded);

// The request fields the pack or catalogue at `path` reads, as JSON Schema on stdout.
int run_schema(const std::string& path);

struct VerifyArguments {
  std::string rules;
  std::string request = "-";
  bool text = false;
  bool explain = false;
  std::string explain_rule;  // with explain: only this rule, its lets and table rows worked out
  io::DecodeLimits limits;  // what a request may be before it is refused (docs/safety.md)
};
int run_verify(const VerifyArguments& args);

struct TestArguments {
  std::vector<std::string> paths;
  std::string junit;       // write JUnit XML here when set
  bool coverage = false;   // list each rule and whether cases make it fire and keep it quiet
  bool strict = false;     // implies coverage: a rule lacking either fails the run
};
int run_test(const TestArguments& args);

struct FmtArguments {
  std::vector<std::string> paths;  // rule files, or folders searched for *.rxr
  bool check = false;              // report files not in the canonical layout; rewrite none
};
int run_fmt(const FmtArguments& args);

struct BenchArguments {
  std::string rules;
  std::string corpus;     // JSON lines: one request per line
  unsigned threads = 1;
  unsigned repeat = 20;   // rounds over the corpus per thread
  std::string json;       // write a JSON summary here when set
};
int run_bench(const BenchArguments& args);

// A language server for rule files over stdin and stdout (docs/editor-support.md).
int run_lsp();

// `rxrules audit verify FILE`: 0 when the hash chain is intact, 1 with the
// first bad row when not, 2 when FILE is missing or not an audit log.
int run_audit_verify(const std::string& file);

struct ReplayArguments {
  std::string old_rules;  // the rules in force
  std::string new_rules;  // the rules about to be released
  std::string corpus;     // JSON lines, or a folder of request files
  std::string format = "text";  // text, json or html
  unsigned threads = 2;
  io::DecodeLimits limits;
};
// 0 nothing changed, 1 changes found, 2 usage/IO or rules that do not load.
int run_replay(const ReplayArguments& args);

struct ServeArguments {
  std::string rules;
  std::string listen = "127.0.0.1:8080";
  std::string audit = "rxrules-audit.sqlite";
  bool audit_requests = false;  // keep each verification request itself, not only its hash
  bool audit_survives_process_crash_only = false;  // --audit-durability process-crash
  std::string mapping;          // "": the shipped default mapping
  std::string jwks;             // "": development mode, no JWT check
  std::vector<std::string> issuers;
  std::string public_url;       // the JWT audience; "": http(s)://LISTEN as bound
  unsigned threads = 8;
  std::size_t max_body_bytes = 1 << 20;
  std::string tls_cert, tls_key;
};
int run_serve(const ServeArguments& args);

}  // namespace rxr::cli
