// A minimal streaming JSON writer into a reusable string. The response
// shape is fixed and small; a DOM library would allocate per node on the
// verify path for nothing.
#pragma once

#include <string>
#include <string_view>

namespace rxr::api {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { separate(); out_ += '{'; first_ = true; return *this; }
  JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
  JsonWriter& begin_array() { separate(); out_ += '['; first_ = true; return *this; }
  JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }
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

}  // namespace rxr::api
