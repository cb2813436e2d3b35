// The base protocol of the language server protocol: each message is a
// block of "Name: value\r\n" headers, a blank line, and Content-Length bytes
// of JSON. Whatever a client sends, reading never crashes, never holds more
// than the limit in memory, and returns at the end of input.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace rxr::cli::lsp {

struct Frame {
  enum class Kind {
    kMessage,  // `body` holds the message's bytes (not yet parsed as JSON)
    kBroken,   // headers or length unusable: `problem` says why; the message was skipped
    kEnd,      // no more input
  };
  Kind kind = Kind::kEnd;
  std::string body;
  std::string problem;
};

struct FrameLimits {
  // A rule pack is at most 16 MiB of text together (api::LoadLimits); a
  // message carrying a whole buffer, JSON escapes included, fits in this.
  std::size_t max_body_bytes = 64 << 20;
  std::size_t max_header_bytes = 4096;  // one header line
  std::size_t max_headers = 32;
};

class FrameReader {
 public:
  explicit FrameReader(std::istream& in, const FrameLimits& limits = {}) : in_(in), limits_(limits) {}

  // The next message. A broken header block is skipped to its blank line;
  // a body over the limit is read past without being kept.
  Frame next();

 private:
  enum class Line { kText, kTooLong, kEnd };
  Line read_line(std::string& line);

  std::istream& in_;
  FrameLimits limits_;
};

// Writes one message with its Content-Length header, and flushes.
void write_frame(std::ostream& out, const nlohmann::json& message);

}  // namespace rxr::cli::lsp
