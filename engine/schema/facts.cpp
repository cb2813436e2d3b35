#include "schema/facts.h"

namespace rxr {

void Facts::reset(const schema::Schema& schema) {
  scalars.assign(schema.scalar_count(), FactValue{});
  const auto widths = schema.list_widths();
  if (lists.size() != widths.size()) lists.resize(widths.size());
  for (std::size_t slot = 0; slot < widths.size(); ++slot) {
    FactList& list = lists[slot];
    list.presence = Presence::kAbsent;
    list.count = 0;
    list.width = widths[slot];
    list.cells.clear();
  }
  problems.clear();
  id = {};
  has_id = false;
  as_of = 0;
  derived.clear();
  stale.clear();
}

}  // namespace rxr
