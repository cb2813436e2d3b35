#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <memory>

#include <fmt/format.h>

#include "api/engine.h"
#include "api/file_read.h"
#include "cli/commands.h"
#include "text/printable.h"

namespace rxr::cli {

namespace {

// The request at `path` ("-": stdin), read no further than the size limit:
// a larger one (/dev/zero, `yes |`) is refused after limit + 1 bytes.
api::FileRead read_request(const std::string& path, std::size_t limit, std::string& out) {
  if (path == "-") return api::read_descriptor_bounded(STDIN_FILENO, "stdin", limit, out, "request");
  return api::read_file_bounded(path, limit, out, "request");
}

// Verifies one request and prints its response; returns the exit status.
int verify_one(const api::Engine& engine, const std::string& path, const api::VerifyOptions& options,
               std::size_t limit) {
  std::string request;
  if (const api::FileRead read = read_request(path, limit, request); !read.ok()) {
    fmt::print(stderr, "rxrules: {}\n", read.error);
    return kExitUsage;
  }
  std::string response;
  if (engine.verify(request, options, response) != api::VerifyStatus::kOk) {
    fmt::print(stderr, "rxrules: {}: {}\n", path == "-" ? "stdin" : path, response);
    return kExitUsage;
  }
  fmt::print("{}\n", response);
  return kExitOk;
}

bool has_rule(const api::Catalogue& catalogue, std::string_view id) {
  for (const auto& pack : catalogue.packs) {
    for (const compile::Rule& rule : pack->rules) {
      if (rule.id == id) return true;
    }
  }
  return false;
}

}  // namespace

int run_verify(const VerifyArguments& args) {
  api::CatalogueLoad loaded = api::load_catalogue(args.rules);
  if (!loaded.ok()) {
    fmt::print(stderr, "{}", text::printable(loaded.rendered()));
    fmt::print(stderr, "rxrules: the rules in '{}' do not load\n", text::printable(args.rules));
    return kExitFindings;
  }
  const api::Engine engine(loaded.catalogue, args.limits);
  const api::VerifyOptions options{args.explain, args.text, args.explain_rule};
  if (!args.explain_rule.empty() && !has_rule(*loaded.catalogue, args.explain_rule)) {
    fmt::print(stderr, "rxrules: --explain {}: no pack in '{}' has a rule with that id\n", text::printable(args.explain_rule),
               text::printable(args.rules));
    return kExitUsage;
  }

  const std::size_t limit = args.limits.max_request_bytes;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (args.request == "-" || !fs::is_directory(args.request, ec)) {
    return verify_one(engine, args.request, options, limit);
  }

  // A folder: one response per line, in file-name order. Anything else in
  // it is named on stderr, so that no order goes unverified unnoticed.
  std::vector<std::string> files;
  int status = kExitOk;
  for (fs::directory_iterator it(args.request, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (it->is_regular_file(ec) && path.extension() == ".json") {
      files.push_back(path.string());
    } else {
      fmt::print(stderr, "rxrules: skipped '{}': not a .json request file\n", text::printable(path.string()));
    }
  }
  if (ec) {
    fmt::print(stderr, "rxrules: cannot list folder '{}': {}\n", text::printable(args.request), ec.message());
    status = kExitUsage;
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) status = std::max(status, verify_one(engine, file, options, limit));
  return status;
}

}  // namespace rxr::cli
