#include "io/json_error.h"

#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <vector>

#include "text/utf8.h"

namespace rxr::io {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether a number that std::from_chars found out of range is too large
// (simdjson rejects it) rather than too small (simdjson reads it as 0): the
// decimal exponent of its first significant digit decides.
bool too_large(std::string_view token) {
  std::size_t i = token.front() == '-' ? 1 : 0;
  while (i < token.size() && token[i] == '0') ++i;
  long long magnitude = -1;
  while (i < token.size() && is_digit(token[i])) {
    ++magnitude;
    ++i;
  }
  if (magnitude < 0 && i < token.size() && token[i] == '.') {
    for (++i; i < token.size() && token[i] == '0'; ++i) --magnitude;
  }
  const std::size_t e = token.find_first_of("eE");
  if (e == std::string_view::npos) return magnitude > 0;
  std::string_view exponent = token.substr(e + 1);
  if (exponent.front() == '+') exponent.remove_prefix(1);
  long long value = 0;
  const auto [end, ec] = std::from_chars(exponent.data(), exponent.data() + exponent.size(), value);
  if (ec == std::errc::result_out_of_range) return exponent.front() != '-';
  return magnitude + value > 0;
}

bool representable(std::string_view token, bool integral) {
  const char* first = token.data();
  const char* last = token.data() + token.size();
  if (integral && token.front() == '-') {
    int64_t value = 0;
    return std::from_chars(first, last, value).ec == std::errc{};
  }
  if (integral) {
    uint64_t value = 0;
    return std::from_chars(first, last, value).ec == std::errc{};
  }
  double value = 0;
  return std::from_chars(first, last, value).ec != std::errc::result_out_of_range ||
         !too_large(token);
}

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  std::optional<JsonErrorSite> run() {
    Expect expect = Expect::kValue;
    while (true) {
      skip_space();
      if (pos_ == text_.size()) {
        if (expect == Expect::kCommaOrClose && open_.empty()) return std::nullopt;
        const bool nothing = expect == Expect::kValue && open_.empty();
        return JsonErrorSite{
            pos_, nothing ? "there is no JSON value" : "the text ends before the JSON value does"};
      }
      if (!step(expect)) return error_;
    }
  }

 private:
  enum class Expect { kValue, kValueOrClose, kKey, kKeyOrClose, kCommaOrClose };

  char peek() const { return text_[pos_]; }
  bool more() const { return pos_ < text_.size(); }

  bool fail(std::string_view reason) { return fail_at(pos_, reason); }
  bool fail_at(std::size_t offset, std::string_view reason) {
    error_ = JsonErrorSite{offset, reason};
    return false;
  }

  void skip_space() {
    while (more() && is_space(peek())) ++pos_;
  }

  bool step(Expect& expect) {
    switch (expect) {
      case Expect::kValueOrClose:
        if (peek() == ']') return close(expect);
        return value(expect);
      case Expect::kValue:
        return value(expect);
      case Expect::kKeyOrClose:
        if (peek() == '}') return close(expect);
        return key(expect);
      case Expect::kKey:
        return key(expect);
      case Expect::kCommaOrClose:
        return comma_or_close(expect);
    }
    return fail("internal scanner state");
  }

  bool close(Expect& expect) {
    open_.pop_back();
    ++pos_;
    expect = Expect::kCommaOrClose;
    return true;
  }

  bool comma_or_close(Expect& expect) {
    if (open_.empty()) return fail("unexpected text after the JSON value");
    const bool in_object = open_.back() == '{';
    if (peek() == ',') {
      ++pos_;
      expect = in_object ? Expect::kKey : Expect::kValue;
      return true;
    }
    if (peek() == (in_object ? '}' : ']')) return close(expect);
    return fail(in_object ? "expected ',' or '}'" : "expected ',' or ']'");
  }

  bool key(Expect& expect) {
    if (peek() != '"') return fail("expected a string key");
    if (!string()) return false;
    skip_space();
    if (!more() || peek() != ':') return fail("expected ':' after the key");
    ++pos_;
    expect = Expect::kValue;
    return true;
  }

  bool value(Expect& expect) {
    const char c = peek();
    if (c == '{' || c == '[') {
      if (empty_container()) {
        expect = Expect::kCommaOrClose;
        return true;
      }
      if (open_.size() == max_depth_) return fail("arrays and objects are nested too deeply");
      open_.push_back(c);
      ++pos_;
      expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
      return true;
    }
    expect = Expect::kCommaOrClose;
    if (c == '"') return string();
    if (c == '-' || is_digit(c)) return number();
    return literal();
  }

  // Like simdjson, reads an empty [] or {} as one value that opens no level
  // of nesting; consumes it if so.
  bool empty_container() {
    const char closer = peek() == '{' ? '}' : ']';
    std::size_t next = pos_ + 1;
    while (next < text_.size() && is_space(text_[next])) ++next;
    if (next == text_.size() || text_[next] != closer) return false;
    pos_ = next + 1;
    return true;
  }

  bool literal() {
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return true;
      }
    }
    return fail("expected a value");
  }

  bool digits() {
    const std::size_t start = pos_;
    while (more() && is_digit(peek())) ++pos_;
    return pos_ > start;
  }

  bool number() {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (more() && peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail("expected a digit");
    }
    bool integral = true;
    if (more() && peek() == '.') {
      ++pos_;
      integral = false;
      if (!digits()) return fail("expected a digit after the decimal point");
    }
    if (more() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      integral = false;
      if (more() && (peek() == '+' || peek() == '-')) ++pos_;
      if (!digits()) return fail("expected a digit in the exponent");
    }
    if (!representable(text_.substr(start, pos_ - start), integral)) {
      return fail_at(start, "the number is out of range");
    }
    return true;
  }

  bool string() {
    const std::size_t start = pos_++;
    while (more()) {
      const char c = peek();
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail("a control character in a string must be escaped");
      }
      if (c == '\\') {
        if (!escape()) return false;
      } else {
        ++pos_;
      }
    }
    return fail_at(start, "the string is never closed");
  }

  bool hex4(unsigned& out) {
    out = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (!more()) return false;
      const char c = peek();
      unsigned digit = 0;
      if (is_digit(c)) {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return false;
      }
      out = out * 16 + digit;
    }
    return true;
  }

  // At a backslash. A \u escape of a high surrogate must be followed by one
  // of a low surrogate: JSON text must still be valid UTF-16 once unescaped.
  bool escape() {
    const std::size_t start = pos_++;
    if (!more()) return fail_at(start, "the string is never closed");
    const char c = peek();
    if (std::string_view("\"\\/bfnrt").find(c) != std::string_view::npos) {
      ++pos_;
      return true;
    }
    if (c != 'u') return fail_at(start, "invalid escape sequence");
    ++pos_;
    unsigned unit = 0;
    if (!hex4(unit)) return fail_at(start, "invalid \\u escape");
    if (unit >= 0xDC00 && unit <= 0xDFFF) return fail_at(start, "unpaired UTF-16 surrogate escape");
    if (unit < 0xD800 || unit > 0xDBFF) return true;
    unsigned low = 0;
    if (text_.substr(pos_, 2) != "\\u") return fail_at(start, "unpaired UTF-16 surrogate escape");
    pos_ += 2;
    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) {
      return fail_at(start, "unpaired UTF-16 surrogate escape");
    }
    return true;
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::vector<char> open_;  // '{' or '[' for each open container
  JsonErrorSite error_{0, ""};
};

}  // namespace

std::optional<JsonErrorSite> find_json_error(std::string_view text, std::size_t max_depth) {
  if (const std::size_t bad = text::first_invalid_utf8(text); bad != std::string_view::npos) {
    return JsonErrorSite{bad, "the text is not valid UTF-8"};
  }
  return Scanner(text, max_depth).run();
}

}  // namespace rxr::io
