// The usual condition of an aggregate over a drug list reads nothing but the
// entry's own name: `any(m in medications where m.drug in qt_known_risk)`,
// `m.drug not in qt_known_risk and (m.drug in qt_possible_risk or ...)`.
// Such a condition is a set of symbols, worked out once at load, and both
// evaluators read it in the loop itself instead of evaluating the condition
// for every entry: that loop runs once per medication of every request.
#pragma once

#include <cstdint>
#include <vector>

#include "schema/facts.h"

namespace rxr::compile {

struct RuleSet;

struct EntryTest {
  uint32_t column = 0;       // the name's cell in the entry (0: an element of a code list)
  // By symbol: the condition for an entry of that name, 0 or 1. Bytes
  // rather than bits: read once per entry of every request, for a few
  // kilobytes a pack.
  std::vector<uint8_t> holds;

  // A symbol interned after the set was made is one the condition does not
  // mention, which it treats as it treats an unknown name.
  bool holds_for(Symbol s) const { return (s < holds.size() ? holds[s] : holds[kUnknownSymbol]) != 0; }
};

// Sets AggregateSource::entry_test for every condition of that shape. Runs
// once the rule set is complete: the sets cover its whole symbol table.
void find_entry_tests(RuleSet& rules);

}  // namespace rxr::compile
