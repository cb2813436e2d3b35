// A corpus of past orders to replay: JSON lines (one request per line) or a
// folder of request files (*.json, in file-name order).
#pragma once

#include <string>
#include <vector>

namespace rxr::cli::replay {

struct CorpusEntry {
  std::string label;    // where it came from, "orders.jsonl:17" or "ord-17.json": its id when it has none
  std::string request;  // the request text
  std::string error;    // it could not be read (a file over the size limit); `request` is empty then
};

struct Corpus {
  std::vector<CorpusEntry> entries;
  std::vector<std::string> skipped;  // files in a corpus folder that are not *.json, named for the user
  std::string error;                 // the corpus cannot be read at all

  bool ok() const { return error.empty(); }
};

// Blank lines are not requests; every other line is one, whatever it holds.
// `max_request_bytes` bounds each file of a folder as `verify` does.
Corpus read_corpus(const std::string& path, std::size_t max_request_bytes);

}  // namespace rxr::cli::replay
