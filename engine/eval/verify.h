// Runs every rule of a RuleSet over one request's facts and explains what fired.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::eval {

struct ShownValue {
  std::string_view label;  // the request path or let name, owned by the RuleSet
  std::string text;
  enum class Kind : uint8_t { kString, kNumber, kBool, kNames } kind = Kind::kString;
  std::vector<std::string_view> names;  // kNames: into the request and the rule set
};

struct Finding {
  const compile::Rule* rule = nullptr;
  compile::Severity severity = compile::Severity::kInfo;
  std::string message;
  std::vector<MissingItem> missing;  // in schema order, then by list entry

  // The values the rule shows. Their slots are kept and refilled like the
  // findings themselves; only the first `shown` belong to this finding.
  std::span<const ShownValue> facts() const { return {fact_slots.data(), shown}; }
  std::vector<ShownValue> fact_slots;
  std::size_t shown = 0;
};

// A rule's condition with the value of every sub-condition, for --explain.
struct Explanation {
  const compile::Rule* rule = nullptr;
  Value result;
  std::vector<TraceEntry> trace;
};

// The findings of one verification. A thread keeps one and reuses it:
// findings from earlier requests are overwritten in place, so their strings
// and vectors keep their capacity and steady-state verification allocates little.
class Verification {
 public:
  std::span<const Finding> findings() const { return {findings_.data(), count_}; }
  std::vector<Explanation> explanations;  // filled only when asked for

  void clear() {
    count_ = 0;
    explanations.clear();
  }
  // A finding to fill: a reused one, emptied, or a new one.
  Finding& add();

 private:
  std::vector<Finding> findings_;
  std::size_t count_ = 0;
};

enum class Verdict { kPass, kWarn, kBlock };
const char* verdict_name(Verdict v);
// The most severe finding; any input problem blocks.
Verdict verdict_of(const Verification& v, const Facts& facts);

void verify(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch, bool explain,
            Verification& out);

// "labs.anc", "medications[2].drug": where a missing item sits in the request.
void append_missing_path(const MissingItem& item, std::string& out);

// A value of a trace or a finding, as text: "12000 /mm3", "unknown (missing labs.anc)".
std::string describe_value(const Value& v, const compile::Type& type, const compile::RuleSet& rules,
                           const Scratch& scratch);

}  // namespace rxr::eval
