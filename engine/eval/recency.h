// Values taken too long before the moment a pack measures from (`recent`
// declarations, clinical M1): read as absent by every rule, so a rule that
// needs a current lab reports it in `missing`, and the message says why.
#pragma once

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::eval {

// Marks each governed lab whose `at` lies more than its window before the
// moment as stale (Presence::kStale) and records it in facts.stale. A lab
// without `at` is taken as current (the contract makes `at` optional); an
// unknown moment or window leaves every lab as it is.
void expire_stale_values(const compile::RuleSet& rules, Facts& facts, Scratch& scratch);

}  // namespace rxr::eval
