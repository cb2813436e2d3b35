#include "eval/recency.h"

#include "eval/comparison.h"

namespace rxr::eval {

void expire_stale_values(const compile::RuleSet& rules, Facts& facts, Scratch& scratch) {
  for (const compile::Recency& recency : rules.recencies) {
    scratch.reset(rules);
    Evaluator evaluator(rules, facts, scratch);
    const Value window = evaluator.eval(recency.window);
    const Value moment = evaluator.eval(recency.reference);
    if (!window.known || !moment.known) continue;
    for (const auto& [lab, at] : recency.labs) {
      FactValue& value = facts.scalar(rules.schema.field(lab));
      const FactValue& taken = facts.scalar(rules.schema.field(at));
      if (!value.present() || !taken.present()) continue;
      const double age = moment.number - taken.number;
      // At exactly the window the value is still current (72 h of 3 d).
      if (!definitely_less(window.number, age)) continue;
      value.presence = Presence::kStale;
      facts.stale.push_back({lab, age, window.number});
    }
  }
}

}  // namespace rxr::eval
