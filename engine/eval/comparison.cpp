#include "eval/comparison.h"

#include <algorithm>

namespace rxr::eval {

using compile::Op;
using compile::TablePattern;

bool matches(const TablePattern& pattern, double number, Symbol symbol) {
  switch (pattern.kind) {
    case TablePattern::Kind::kAny:
      return true;
    case TablePattern::Kind::kValues:
      return std::any_of(pattern.names.begin(), pattern.names.end(), [&](Symbol s) { return s == symbol; }) ||
             std::any_of(pattern.numbers.begin(), pattern.numbers.end(),
                         [&](double x) { return approx_equal(x, number); });
    case TablePattern::Kind::kRange:
      return !definitely_less(number, pattern.numbers[0]) && !definitely_less(pattern.numbers[1], number);
    case TablePattern::Kind::kBound: {
      const double limit = pattern.numbers[0];
      switch (pattern.bound) {
        case Op::kLess: return definitely_less(number, limit);
        case Op::kLessEqual: return !definitely_less(limit, number);
        case Op::kGreater: return definitely_less(limit, number);
        default: return !definitely_less(number, limit);
      }
    }
  }
  return false;
}

}  // namespace rxr::eval
