#include "report/explain.h"

#include "report/format.h"
#include "report/message.h"

namespace rxr::report {

const char* truth_name(const eval::Value& v) {
  if (!v.known) return "unknown";
  return v.number != 0 ? "true" : "false";
}

void describe_value(const eval::Value& v, const compile::Type& type, const compile::RuleSet& rules,
                    const eval::Scratch& scratch, std::string& out) {
  if (!v.known) {
    const auto missing = scratch.missing(v.missing);
    if (missing.empty()) {
      out += "unknown";
      return;
    }
    out += "unknown (missing ";
    append_missing_paths(missing, rules.schema, out);
    out += ')';
  } else if (type.kind == compile::TypeKind::kNames) {
    out += '[';
    append_value(v, type, rules, scratch, Style::kFact, out);
    out += ']';
  } else {
    append_value(v, type, rules, scratch, Style::kFact, out);
  }
}

}  // namespace rxr::report
