// The operations both evaluators make on known values (evaluator.h,
// flat_evaluator.h): comparisons, `within`, arithmetic, name matching and
// table patterns, in one place so that the tree and the flat form cannot
// disagree on a boundary.
#pragma once

#include <algorithm>
#include <cmath>

#include "compile/rule_set.h"

namespace rxr::eval {

// Inline: every comparison of every rule of every request comes here.

// Values within one part in 10^9 compare equal, so that a threshold written
// in one unit and a value sent in another (10 x10^9/L vs 10,000 /mm3) meet
// exactly at the boundary despite binary floating point.
inline bool approx_equal(double a, double b) {
  constexpr double kRelativeTolerance = 1e-9;
  return std::fabs(a - b) <= kRelativeTolerance * std::max(std::max(std::fabs(a), std::fabs(b)), 1e-300);
}
inline bool definitely_less(double a, double b) { return a < b && !approx_equal(a, b); }

// A name no rule knows matches nothing, not even itself.
inline bool names_match(Symbol a, Symbol b) { return a != kUnknownSymbol && a == b; }

// `a op b` for kLess ... kNotEqual. Names compare by symbol (names_match).
inline bool compares(compile::Op op, bool names, double a, Symbol a_symbol, double b, Symbol b_symbol) {
  using compile::Op;
  if (names) {
    const bool equal = names_match(a_symbol, b_symbol);
    return op == Op::kEqual ? equal : !equal;
  }
  switch (op) {
    case Op::kLess: return definitely_less(a, b);
    case Op::kLessEqual: return !definitely_less(b, a);
    case Op::kGreater: return definitely_less(b, a);
    case Op::kGreaterEqual: return !definitely_less(a, b);
    case Op::kEqual: return approx_equal(a, b);
    default: return !approx_equal(a, b);
  }
}

// `value within tolerance of reference`, the tolerance a fraction of the
// reference (`percent`) or an amount.
inline bool within(bool percent, double value, double tolerance, double reference) {
  const double allowed = percent ? tolerance * std::fabs(reference) : tolerance;
  return !definitely_less(allowed, std::fabs(value - reference));
}

// a + b, a - b, a * b or a / b; the caller has refused a division by zero.
inline double arithmetic(compile::Op op, double a, double b) {
  switch (op) {
    case compile::Op::kAdd: return a + b;
    case compile::Op::kSubtract: return a - b;
    case compile::Op::kMultiply: return a * b;
    default: return a / b;
  }
}

// Whether a known value matches one pattern of a table row.
bool matches(const compile::TablePattern& pattern, double number, Symbol symbol);

}  // namespace rxr::eval
