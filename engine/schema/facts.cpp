#include "schema/facts.h"

namespace rxr {

void Facts::reset(const schema::Schema& schema) {
  scalars.assign(schema.scalar_count(), FactValue{});
  if (lists.size() != schema.list_count()) lists.resize(schema.list_count());
  const auto fields = schema.fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const schema::Field& f = fields[i];
    if (!f.is_list()) continue;
    FactList& list = lists[f.slot];
    list.presence = Presence::kAbsent;
    list.count = 0;
    list.width = static_cast<uint32_t>(schema.record_width(static_cast<schema::FieldId>(i)));
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
