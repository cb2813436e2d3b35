// The units rxrules accepts, in requests and in rule literals, and their
// conversion to one base unit per dimension (mg, mm, s, mmol, cells, U, mEq).
// Every quantity is converted once, when it is read, and compared in base
// units afterwards; nothing on the verify path looks a unit up by name.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "units/dimension.h"

namespace rxr::units {

struct Unit {
  std::string_view symbol;  // canonical spelling, used for display
  Dimension dimension;
  double factor = 1.0;      // base value = value * factor
};

// One accepted spelling of a unit ("ug" spells mcg).
struct UnitSpelling {
  std::string_view spelling;
  Unit unit;
};

// Every accepted spelling, in the order listed, as written after the text
// policy's normalisation (so with the Greek mu, never the micro sign): for
// the JSON Schema of a pack's requests.
std::span<const UnitSpelling> unit_spellings();

// Looks a unit up by any accepted spelling, after the text policy's
// normalisation (text/name_policy.h). Case matters, as in UCUM (G/L is
// giga-cells per litre, g/L would be grams per litre); the common lower-case
// litre spellings that cannot be confused (mg/dl, mmol/l, ml) are accepted
// too. Conversions that hold for one analyte only (bilirubin mg/dL to
// umol/L) are not here: a request field declares them (schema::Field).
std::optional<Unit> find_unit(std::string_view spelling);
// The same for a spelling the text policy has normalised already (the
// request decoder, which reports a refused one itself).
std::optional<Unit> find_normalized_unit(std::string_view normalized);

// Whether a lower-case word is the spelling of a unit ("mg", "ml", "mg/ml"),
// for recognising a strength written after a drug name ("ondansetron 8 mg").
bool is_unit_word(std::string_view lower_case_word);

// The unit a value of this dimension is shown in when a message or a fact
// does not ask for another one. Time is shown in the largest unit that keeps
// the value at or above 1 (ms, s, min, h, d).
Unit display_unit(const Dimension& dimension, double base_value);

// A few spellings of the dimension, for hints: "10*9/L or /mm3".
std::string_view example_units(const Dimension& dimension);

}  // namespace rxr::units
