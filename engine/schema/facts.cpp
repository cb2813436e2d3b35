#include "schema/facts.h"

namespace rxr {

void Facts::reset() {
  scalars.assign(schema::scalar_slot_count(), FactValue{});
  if (lists.size() != schema::list_count()) lists.resize(schema::list_count());
  for (const schema::Field& f : schema::fields()) {
    if (f.type != schema::FieldType::kRecordList && f.type != schema::FieldType::kCodeList) continue;
    FactList& list = lists[f.slot];
    list.presence = Presence::kAbsent;
    list.count = 0;
    list.width = static_cast<uint32_t>(schema::record_width(static_cast<schema::FieldId>(&f - schema::fields().data())));
    list.cells.clear();
  }
  problems.clear();
  id = {};
  has_id = false;
  bsa_computed = false;
}

}  // namespace rxr
