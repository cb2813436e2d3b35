// A minimal streaming JSON writer into a reusable string. The response
// shape is fixed and small; a DOM library would allocate per node on the
// verify path for nothing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rxr::report {

// The inside of a JSON string: `text` with what JSON requires escaped and
// every character no terminal should receive as it is (C1 and bidirectional
// controls, DEL) as \uXXXX, appended to `out` without quotes.
void append_escaped(std::string_view text, std::string& out);
// The same for text already appended to `out` from `from` on, escaped where
// it stands: values are written straight into the response, and are almost
// always plain, so they are scanned once and copied only when they are not.
void escape_from(std::size_t from, std::string& out);

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { separate(); out_ += '{'; first_ = true; return *this; }
  JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
  JsonWriter& begin_array() { separate(); out_ += '['; first_ = true; return *this; }
  JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }
  // A member name of the contract, written as it is: a string literal of
  // ours, which never needs escaping, so it is not scanned. Written to its
  // terminator, not N, so that a char buffer passed by mistake writes only its text.
  template <std::size_t N>
  JsonWriter& key(const char (&name)[N]) {
    separate();
    out_ += '"';
    out_ += name;
    out_.append("\":", 2);
    first_ = true;
    return *this;
  }
  // Any other member name (a request path or a rule's let), escaped.
  JsonWriter& key(std::string_view k) { separate(); string_literal(k); out_ += ':'; first_ = true; return *this; }
  JsonWriter& string(std::string_view s) { separate(); string_literal(s); return *this; }
  JsonWriter& raw(std::string_view json) { separate(); out_ += json; return *this; }  // numbers, true, false

 private:
  void separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void string_literal(std::string_view s);

  std::string& out_;
  bool first_ = true;
};

}  // namespace rxr::report
