#include "cli/replay/corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "api/file_read.h"

namespace rxr::cli::replay {

namespace {

namespace fs = std::filesystem;

bool blank(const std::string& line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

Corpus read_lines(const std::string& path) {
  Corpus corpus;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    corpus.error = fmt::format("cannot read corpus '{}'", path);
    return corpus;
  }
  const std::string name = fs::path(path).filename().string();
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (blank(line)) continue;
    corpus.entries.push_back({fmt::format("{}:{}", name, number), std::move(line), {}});
  }
  if (in.bad()) corpus.error = fmt::format("cannot read corpus '{}': read error after line {}", path, number);
  return corpus;
}

Corpus read_folder(const std::string& path, std::size_t max_request_bytes) {
  Corpus corpus;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".json") {
      files.push_back(it->path());
    } else {
      corpus.skipped.push_back(it->path().string());
    }
  }
  if (ec) {
    corpus.error = fmt::format("cannot list corpus folder '{}': {}", path, ec.message());
    return corpus;
  }
  std::sort(files.begin(), files.end());
  std::sort(corpus.skipped.begin(), corpus.skipped.end());
  for (const fs::path& file : files) {
    CorpusEntry entry{file.filename().string(), {}, {}};
    const api::FileRead read = api::read_file_bounded(file.string(), max_request_bytes, entry.request, "request");
    if (!read.ok()) {
      entry.request.clear();
      entry.error = read.error;
    }
    corpus.entries.push_back(std::move(entry));
  }
  return corpus;
}

}  // namespace

Corpus read_corpus(const std::string& path, std::size_t max_request_bytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return read_folder(path, max_request_bytes);
  if (!fs::exists(path, ec)) return {{}, {}, fmt::format("corpus '{}' does not exist", path)};
  return read_lines(path);
}

}  // namespace rxr::cli::replay
