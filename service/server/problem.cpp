#include "service/server/problem.h"

#include <nlohmann/json.hpp>

namespace rxrules::service {

Answer problem(int status, std::string_view code, std::string_view diagnostics) {
  const nlohmann::json body = {
      {"resourceType", "OperationOutcome"},
      {"issue", nlohmann::json::array({{{"severity", "error"}, {"code", code}, {"diagnostics", diagnostics}}})}};
  // Replace, never throw, on bytes that are not UTF-8 (they may echo the input).
  return {status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

bool nests_deeper_than(std::string_view json, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : json) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return false;
}

}  // namespace rxrules::service
