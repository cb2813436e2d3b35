// The explain trace: why a rule fired or stayed quiet, one line per
// evaluated part of its condition, each with its value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compile/rule_set.h"
#include "eval/verify.h"

namespace rxr::report {

// "true", "false" or "unknown".
const char* truth_name(const eval::Value& v);

// A value of a trace line: "12000 /mm3", "[Zofran, fluconazole]", "unknown (missing labs.anc)".
void describe_value(const eval::Value& v, const compile::Type& type, const compile::RuleSet& rules,
                    const eval::Scratch& scratch, std::string& out);

// Calls `line(depth, expression as written, value, row)` for each traced
// node; `row` is the table row that answered a lookup, as written, or "".
// Literals are left out (their value is their text); named constants stay.
template <typename Line>
void for_each_trace_line(const compile::RuleSet& rules, const eval::Explanation& e, const eval::Scratch& scratch,
                         Line&& line) {
  thread_local std::string value;
  for (const eval::TraceEntry& entry : e.trace) {
    const compile::Node& node = rules.node(entry.node);
    if (node.op == compile::Op::kConstant && (node.flags & compile::kNamed) == 0) continue;
    value.clear();
    describe_value(entry.value, node.type, rules, scratch, value);
    const std::string_view row =
        entry.row >= 0 ? std::string_view(rules.tables[node.index].rows[static_cast<std::size_t>(entry.row)].source)
                       : std::string_view();
    line(entry.depth, std::string_view(node.source), std::string_view(value), row);
  }
}

}  // namespace rxr::report
