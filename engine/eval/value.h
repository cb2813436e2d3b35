// Runtime values of the three-valued evaluation: known, or unknown with the
// request paths whose absence made it so.
#pragma once

#include <bitset>
#include <cstdint>
#include <string_view>

#include "schema/facts.h"

namespace rxr::eval {

inline constexpr std::size_t kMaxFields = 256;  // schema fields; Scratch::reset checks the schema fits
using MissingSet = std::bitset<kMaxFields>;
// Index of a MissingSet in the evaluation's arena (Scratch::missing_sets);
// 0 is the empty set. Values carry the index, not the set, to stay small.
using MissingRef = uint32_t;
inline constexpr MissingRef kNothingMissing = 0;

// Where a list of names lives: a code list of the request, list-literal
// constants of the rule set, or names collected during this evaluation.
struct NameListRef {
  enum class Source : uint8_t { kNone, kFacts, kConstants, kCollected };
  Source source = Source::kNone;
  const FactList* facts = nullptr;
  uint32_t first = 0;
  uint32_t count = 0;
};

struct Value {
  bool known = false;
  bool undecidable = false;  // unknown for a reason other than a missing fact (no table row)
  double number = 0;         // numbers in base units, times in epoch seconds, booleans 0/1
  Symbol symbol = kUnknownSymbol;
  std::string_view text;
  NameListRef names;
  MissingRef missing = kNothingMissing;  // unknown values: the request paths whose absence made them so

  static Value of(double n) { Value v; v.known = true; v.number = n; return v; }
  static Value truth(bool b) { return of(b ? 1 : 0); }
  static Value no_answer() { Value v; v.undecidable = true; return v; }

  bool is_true() const { return known && number != 0; }
  bool is_false() const { return known && number == 0; }
};

}  // namespace rxr::eval
