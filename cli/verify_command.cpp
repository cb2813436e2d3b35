#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "api/engine.h"
#include "cli/commands.h"

namespace rxr::cli {

namespace {

bool read_request(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Verifies one request and prints its response; returns the exit status.
int verify_one(const api::Engine& engine, const std::string& path, const api::VerifyOptions& options) {
  std::string request;
  if (!read_request(path, request)) {
    fmt::print(stderr, "rxrules: cannot read request '{}'\n", path);
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

}  // namespace

int run_verify(const VerifyArguments& args) {
  api::LoadResult loaded = api::load_pack(args.rules);
  if (!loaded.io_error.empty()) {
    fmt::print(stderr, "rxrules: {}\n", loaded.io_error);
    return kExitFindings;
  }
  if (!loaded.ok()) {
    fmt::print(stderr, "{}", syntax::render_all(loaded.diagnostics, loaded.sources));
    fmt::print(stderr, "rxrules: the rules in '{}' do not load\n", args.rules);
    return kExitFindings;
  }
  const api::Engine engine(std::move(loaded.rules), args.limits);
  const api::VerifyOptions options{args.explain, args.text};

  namespace fs = std::filesystem;
  std::error_code ec;
  if (args.request == "-" || !fs::is_directory(args.request, ec)) return verify_one(engine, args.request, options);

  // A folder: one response per line, in file-name order.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(args.request, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  int status = kExitOk;
  for (const std::string& file : files) status = std::max(status, verify_one(engine, file, options));
  return status;
}

}  // namespace rxr::cli
