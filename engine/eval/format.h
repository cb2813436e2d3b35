// How values read in messages, facts and explanations.
#pragma once

#include <string>

#include "compile/rule_set.h"
#include "eval/value.h"

namespace rxr::eval {

enum class Style {
  kMessage,  // for people: "12,000/mm3", "1.48 mg"
  kFact,     // for records: "12000 /mm3"
};

// Each appends to `out`, so that a finding's strings, reused from request to
// request, are filled without allocating.

// Rounded to 4 decimals (enough to see a 0.01% dose difference), trailing
// zeros dropped; kMessage groups thousands.
void append_number(double value, Style style, std::string& out);
// ISO 8601 UTC: "2026-03-10T09:30:00Z".
void append_time(double epoch_seconds, std::string& out);
// A known value of the given type; `unit` overrides the display unit.
void append_value(const Value& v, const compile::Type& type, const compile::RuleSet& rules, Style style,
                  std::string& out, std::string_view unit = {}, double unit_factor = 0);

}  // namespace rxr::eval
