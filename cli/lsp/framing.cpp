#include "cli/lsp/framing.h"

#include <charconv>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace rxr::cli::lsp {

namespace {

constexpr std::string_view kContentLength = "content-length";

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// At most 60 bytes of a header, control bytes shown as '?': it is echoed into a log message.
std::string shown(std::string_view header) {
  std::string out(header.substr(0, 60));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return header.size() > 60 ? out + "..." : out;
}

}  // namespace

FrameReader::Line FrameReader::read_line(std::string& line) {
  line.clear();
  std::streambuf& buffer = *in_.rdbuf();
  for (;;) {
    const int c = buffer.sbumpc();
    if (c == std::char_traits<char>::eof()) return line.empty() ? Line::kEnd : Line::kText;
    if (c == '\n') break;
    if (line.size() == limits_.max_header_bytes) {
      // Past the limit: drop the rest of the line unkept.
      for (int rest = buffer.sbumpc(); rest != '\n' && rest != std::char_traits<char>::eof(); rest = buffer.sbumpc()) {
      }
      return Line::kTooLong;
    }
    line += static_cast<char>(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Line::kText;
}

Frame FrameReader::next() {
  std::string line;
  std::string problem;
  std::optional<std::size_t> length;
  std::size_t headers = 0;
  // Blank lines before a header block are tolerated: some clients send a stray CRLF.
  bool started = false;
  for (;;) {
    const Line read = read_line(line);
    if (read == Line::kEnd) {
      if (!started) return {Frame::Kind::kEnd, {}, {}};
      return {Frame::Kind::kBroken, {}, "the input ended inside a message's headers"};
    }
    if (read == Line::kTooLong) {
      started = true;
      if (problem.empty()) problem = fmt::format("a header line is longer than {} bytes", limits_.max_header_bytes);
      continue;
    }
    if (line.empty()) {
      if (started) break;
      continue;
    }
    started = true;
    if (++headers > limits_.max_headers && problem.empty()) {
      problem = fmt::format("a message has more than {} headers", limits_.max_headers);
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      if (problem.empty()) problem = fmt::format("'{}' is not a header (Name: value)", shown(line));
      continue;
    }
    if (lowercase(trimmed(std::string_view(line).substr(0, colon))) != kContentLength) continue;
    const std::string_view value = trimmed(std::string_view(line).substr(colon + 1));
    std::size_t parsed = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (error != std::errc{} || end != value.data() + value.size() || value.empty()) {
      if (problem.empty()) problem = fmt::format("Content-Length '{}' is not a number of bytes", shown(value));
      continue;
    }
    length = parsed;
  }
  if (!problem.empty()) return {Frame::Kind::kBroken, {}, problem + "; the message was skipped"};
  if (!length) return {Frame::Kind::kBroken, {}, "a message has no Content-Length header; it was skipped"};
  std::streambuf& buffer = *in_.rdbuf();
  if (*length > limits_.max_body_bytes) {
    std::size_t skipped = 0;
    while (skipped < *length && buffer.sbumpc() != std::char_traits<char>::eof()) ++skipped;
    return {Frame::Kind::kBroken, {},
            fmt::format("a message of {} bytes is larger than the limit of {} bytes; it was skipped", *length,
                        limits_.max_body_bytes)};
  }
  Frame frame{Frame::Kind::kMessage, std::string(*length, '\0'), {}};
  const std::streamsize got = buffer.sgetn(frame.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<std::size_t>(got) < *length) {
    return {Frame::Kind::kBroken, {},
            fmt::format("the input ended {} bytes into a message of {} bytes", got, *length)};
  }
  return frame;
}

void write_frame(std::ostream& out, const nlohmann::json& message) {
  // Invalid UTF-8 (a rule file's bytes echoed in a message) is replaced, not thrown on.
  const std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace rxr::cli::lsp
