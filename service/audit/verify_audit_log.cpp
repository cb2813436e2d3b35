#include <string>

#include "service/audit/audit_log.h"
#include "service/audit/audit_row.h"
#include "service/audit/audit_schema.h"

namespace rxrules::service {
namespace {

std::string row_name(std::int64_t seq) {
  return seq == 0 ? "the start of the log" : "row " + std::to_string(seq);
}

AuditVerification broken(std::int64_t rows_checked, std::string why) {
  return AuditVerification{false, rows_checked, std::move(why)};
}

}  // namespace

AuditVerification verify_audit_log(const std::filesystem::path& path) {
  SqliteDatabase database(path, SqliteDatabase::Mode::read_only);
  require_audit_format(database);
  // One read transaction: the rows and the head come from the same snapshot
  // even while a service appends.
  database.execute("BEGIN");
  std::int64_t checked = 0;
  std::int64_t last_seq = 0;
  std::string last_hash(kGenesisHash);
  // A format table without the rows or head tables (or their columns) is a log someone cut up.
  for (const char* table : {"audit_rows", "audit_head"}) {
    SqliteStatement exists(database, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    exists.bind_text(1, table);
    exists.step();
    if (exists.integer(0) == 0) return broken(0, std::string("table ") + table + ": missing (it was dropped)");
  }
  SqliteStatement rows(database, audit_select_sql().c_str());
  while (rows.step()) {
    AuditRow row;
    row.seq = rows.integer(0);
    int column = 1;
    for (auto& value : row.values) value = rows.text(column++);
    const std::string prev_hash = rows.text(column++).value_or("");
    const std::string hash = rows.text(column).value_or("");
    const std::string name = row_name(row.seq);
    if (prev_hash != last_hash) {
      return broken(checked, name + ": previous hash does not match " + row_name(last_seq) +
                                 " (a row was deleted or changed)");
    }
    if (audit_row_hash(prev_hash, row) != hash) {
      return broken(checked, name + ": its hash does not match its content (the row was changed)");
    }
    if (row.seq != last_seq + 1) {
      return broken(checked, name + ": follows " + row_name(last_seq) + " (a row was deleted)");
    }
    last_seq = row.seq;
    last_hash = hash;
    ++checked;
  }
  SqliteStatement head(database, "SELECT rows, last_hash FROM audit_head WHERE id = 1");
  if (!head.step()) return broken(checked, "head: missing (the log's head row was deleted)");
  const std::int64_t head_rows = head.integer(0);
  if (head_rows > checked) {
    return broken(checked, row_name(checked + 1) + ": missing (the head records " + std::to_string(head_rows) +
                               " rows, the file holds " + std::to_string(checked) + "; the last rows were deleted)");
  }
  if (head_rows < checked) {
    return broken(checked, row_name(head_rows + 1) + ": not in the head, which records " + std::to_string(head_rows) +
                               " rows (rows were added outside rxrules, or the head was changed)");
  }
  if (head.text(1) != last_hash) {
    return broken(checked, row_name(checked) + ": its hash does not match the head's last hash (the last row "
                                               "or the head was changed)");
  }
  return AuditVerification{true, checked, ""};
}

}  // namespace rxrules::service
