// Finds where a text stops being JSON (RFC 8259), so that a rejected request
// can be answered with "... at byte 17". simdjson says that a document is
// invalid but not where; this scanner runs only after simdjson has rejected
// a request, so it favours plainness over speed.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace rxr::io {

struct JsonErrorSite {
  std::size_t offset;       // bytes from the start of the text, counting from 0
  std::string_view reason;  // "expected ',' or '}'"
};

// The first error, in the order simdjson checks: invalid UTF-8 anywhere
// first, then grammar, nesting deeper than `max_depth` arrays and objects
// (an empty [] or {} opens no level, as in simdjson), and numbers simdjson cannot represent
// (above 1.8e308, integers beyond 64 bits). nullopt when the text is valid JSON by those rules.
std::optional<JsonErrorSite> find_json_error(std::string_view text, std::size_t max_depth);

}  // namespace rxr::io
