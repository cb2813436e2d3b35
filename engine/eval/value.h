// Runtime values of the three-valued evaluation: known, or unknown with the
// request paths whose absence made it so. A known value may rest on absence
// too (`labs.qtcf is missing` is true): it then carries those paths, so that
// a rule firing for lack of data lists what it lacks (clinical M4).
#pragma once

#include <cstdint>
#include <string_view>

#include "schema/facts.h"

namespace rxr::eval {

// A request value a rule needed and did not get: a field, and for a member
// of a record list the entry it is missing from ("medications[2].drug").
struct MissingItem {
  schema::FieldId field = schema::kNoField;
  int32_t row = -1;  // -1: not a member of a list entry

  friend bool operator==(const MissingItem& a, const MissingItem& b) { return a.field == b.field && a.row == b.row; }
  friend bool operator<(const MissingItem& a, const MissingItem& b) {
    return a.field != b.field ? a.field < b.field : a.row < b.row;
  }
};

// Index of a set of missing items in the evaluation's arena (Scratch); 0 is
// the empty set. Values carry the index, not the set, to stay small.
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
  MissingRef absent = kNothingMissing;   // known values: the absent request paths they were decided on

  static Value of(double n) { Value v; v.known = true; v.number = n; return v; }
  static Value truth(bool b) { return of(b ? 1 : 0); }
  static Value no_answer() { Value v; v.undecidable = true; return v; }

  bool is_true() const { return known && number != 0; }
  bool is_false() const { return known && number == 0; }
};

// A value of the flat form (compile/flat_program.h): known by construction,
// so a number and the symbol of a name are all it needs.
struct FlatValue {
  double number = 0;
  Symbol symbol = kUnknownSymbol;
};

}  // namespace rxr::eval
