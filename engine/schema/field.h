// The request contract (shared/spec/request-response.md) as data: every path
// a rule may read, with its type, unit dimension and accepted range. The
// checker resolves rule paths against it; the decoder fills facts by it.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "units/dimension.h"
#include "units/unit.h"

namespace rxr::schema {

enum class FieldType : uint8_t {
  kBool,
  kInteger,    // whole number, no unit (cycle, day, grade)
  kQuantity,   // {"value", "unit"} of a fixed dimension
  kLab,        // a quantity that may carry uln, lln and at
  kTime,       // ISO 8601 string
  kText,       // free text, echoed only (id, reason)
  kCode,       // a code compared case-insensitively (route, condition)
  kChoice,     // a code from a closed set (response.status); others are problems
  kDrug,       // a drug name, matched through synonyms and salt words
  kCodeList,   // array of codes (patient.conditions)
  kRecordList, // array of objects (medications, history.toxicities)
  kObject,     // a grouping object with no value of its own (patient, labs)
};

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

using FieldId = int16_t;
inline constexpr FieldId kNoField = -1;

struct Field {
  std::string_view path;         // "order.dose"; record members: "history.administrations[].dose"
  std::string_view name;         // last segment: "dose"
  FieldType type;
  units::Dimension dimension{};  // kQuantity, kLab
  units::Analyte analyte = units::Analyte::kNone;
  double min = -kUnbounded;      // accepted range in base units, inclusive ...
  double max = kUnbounded;
  bool min_exclusive = false;    // ... except a lower bound that must be exceeded (dose > 0)
  std::span<const std::string_view> choices{};  // kChoice: canonical spellings
  int16_t parent = -1;           // the enclosing field (object or record list), -1 at the top
  // Where the decoded value lives: a scalar slot for top-level values, a list
  // index for lists, a column for members of a record list.
  uint16_t slot = 0;
};

// Two times of the request that happen in this order: `later` before
// `earlier` (a dilution before the reconstitution) is a problem.
struct TimeOrder {
  FieldId earlier;
  FieldId later;
};

std::span<const Field> fields();
std::span<const TimeOrder> time_orders();
const Field& field(FieldId id);
FieldId find_field(std::string_view path);
// The member `name` of a record list or object field, or kNoField.
FieldId find_member(FieldId parent, std::string_view name);

std::size_t scalar_slot_count();
std::size_t list_count();
// Columns of a record list (members), or 1 for a code list.
std::size_t record_width(FieldId list);

}  // namespace rxr::schema
