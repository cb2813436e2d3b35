// Derived request values (`derive` declarations, such as the Mosteller BSA
// of rules/common/request.rxr): computed when the request lacks them, before
// any rule runs, and held to the field's plausible range like a given value.
#pragma once

#include "compile/rule_set.h"
#include "eval/evaluator.h"

namespace rxr::eval {

// Fills each derived field that `facts` lack (absent, not invalid) and whose
// inputs are known, in declaration order, and records it in facts.derived;
// a value outside the field's range is a problem instead.
void derive(const compile::RuleSet& rules, Facts& facts, Scratch& scratch);

}  // namespace rxr::eval
