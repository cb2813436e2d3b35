// A decoded request: every value in base units, in the slot the schema gives
// it, so that evaluation reads facts by index and never by name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/schema.h"

namespace rxr {

using Symbol = uint32_t;
inline constexpr Symbol kUnknownSymbol = 0;  // a name or code no rule mentions

enum class Presence : uint8_t {
  kAbsent,   // not in the request: a rule that needs it is undecided
  kPresent,  // decoded and valid
  kInvalid,  // present but unusable: recorded in Facts::problems
  kStale,    // present, but older than its pack's recency window: read as absent (Facts::stale)
};

struct FactValue {
  double number = 0;          // base units; times: seconds since 1970-01-01T00:00Z; bool: 0/1
  std::string_view text;      // codes, drugs, text, times: as written (points into the request)
  Symbol symbol = kUnknownSymbol;
  Presence presence = Presence::kAbsent;

  bool present() const { return presence == Presence::kPresent; }
};

// A list from the request: `count` records of `width` cells each, row-major.
struct FactList {
  Presence presence = Presence::kAbsent;
  uint32_t count = 0;
  uint32_t width = 1;
  std::vector<FactValue> cells;

  const FactValue& cell(uint32_t row, uint32_t column) const { return cells[row * width + column]; }
};

struct Problem {
  std::string path;     // "labs.anc.unit", "medications[2].drug"
  std::string message;
};

// A value read as absent because it was taken too long before the moment
// its pack measures from (a `recent` declaration): for messages.
struct StaleValue {
  schema::FieldId field = schema::kNoField;
  double age = 0;     // seconds before the moment
  double window = 0;  // seconds allowed
};

struct Facts {
  std::vector<FactValue> scalars;  // indexed by Field::slot of values outside lists
  std::vector<FactList> lists;     // indexed by Field::slot of list fields
  std::vector<Problem> problems;
  std::string_view id;             // the request's id, echoed
  bool has_id = false;
  double as_of = 0;                // the moment used as now: the request's, or the engine's clock
  std::vector<uint32_t> derived;   // RuleSet::derivations that gave a value this request
  std::vector<StaleValue> stale;   // values read as absent for their age

  // The age of a stale value, or null.
  const StaleValue* stale_value(schema::FieldId field) const {
    for (const StaleValue& s : stale) {
      if (s.field == field) return &s;
    }
    return nullptr;
  }

  const FactValue& scalar(const schema::Field& f) const { return scalars[f.slot]; }
  FactValue& scalar(const schema::Field& f) { return scalars[f.slot]; }
  const FactList& list(const schema::Field& f) const { return lists[f.slot]; }

  // Empties every slot for a request read by `schema`, keeping the
  // capacity, so a thread can reuse one Facts for many requests (and rule
  // sets) without allocating.
  void reset(const schema::Schema& schema);
};

}  // namespace rxr
