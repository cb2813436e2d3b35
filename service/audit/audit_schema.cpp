#include "service/audit/audit_schema.h"

#include <stdexcept>

#include "service/audit/audit_row.h"

namespace rxrules::service {
namespace {

std::string column_list() {
  std::string list = "seq";
  for (const auto column : kAuditColumns) list += ", " + std::string(column);
  return list + ", prev_hash, hash";
}

std::string create_sql() {
  std::string columns;
  for (const auto column : kAuditColumns) columns += ", " + std::string(column) + " TEXT";
  return "CREATE TABLE audit_format (name TEXT NOT NULL, version INTEGER NOT NULL);"
         "INSERT INTO audit_format VALUES ('" + std::string(kAuditFormatName) + "', " +
         std::to_string(kAuditFormatVersion) + ");"
         "CREATE TABLE audit_rows (seq INTEGER PRIMARY KEY" + columns +
         ", prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
         // The head lets the verifier see that rows were cut from the end of the chain.
         "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL,"
         " last_hash TEXT NOT NULL);"
         "INSERT INTO audit_head VALUES (1, 0, '" + std::string(kGenesisHash) + "');"
         "CREATE TRIGGER audit_rows_append_only_update BEFORE UPDATE ON audit_rows"
         " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
         "CREATE TRIGGER audit_rows_append_only_delete BEFORE DELETE ON audit_rows"
         " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
         "CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head"
         " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
         "CREATE TRIGGER audit_format_fixed_update BEFORE UPDATE ON audit_format"
         " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";
}

std::int64_t table_count(SqliteDatabase& database) {
  SqliteStatement tables(database, "SELECT count(*) FROM sqlite_schema");
  tables.step();
  return tables.integer(0);
}

}  // namespace

void require_audit_format(SqliteDatabase& database) {
  // The first read is where SQLite finds that a file is no database at all.
  std::int64_t format_tables = 0;
  try {
    SqliteStatement tables(database, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_format'");
    tables.step();
    format_tables = tables.integer(0);
  } catch (const std::runtime_error&) {
    throw std::runtime_error(database.path() + ": not an rxrules audit log (SQLite: " +
                             sqlite3_errmsg(database.handle()) + ")");
  }
  if (format_tables == 0) {
    throw std::runtime_error(database.path() + ": not an rxrules audit log (it has no audit_format table)");
  }
  SqliteStatement format(database, "SELECT name, version FROM audit_format");
  if (!format.step() || format.text(0) != kAuditFormatName) {
    throw std::runtime_error(database.path() + ": not an rxrules audit log (its audit_format names another format)");
  }
  if (format.integer(1) != kAuditFormatVersion) {
    throw std::runtime_error(database.path() + ": audit log format version " + std::to_string(format.integer(1)) +
                             ", this rxrules reads version " + std::to_string(kAuditFormatVersion));
  }
}

void create_or_check_audit_schema(SqliteDatabase& database) {
  database.execute("BEGIN IMMEDIATE");
  try {
    if (table_count(database) == 0) {
      database.execute(create_sql().c_str());
    } else {
      require_audit_format(database);
    }
    database.execute("COMMIT");
  } catch (...) {
    sqlite3_exec(database.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::string audit_insert_sql() {
  std::string placeholders = "?";
  for (std::size_t i = 0; i < kAuditColumns.size() + 2; ++i) placeholders += ", ?";
  return "INSERT INTO audit_rows (" + column_list() + ") VALUES (" + placeholders + ")";
}

std::string audit_select_sql() { return "SELECT " + column_list() + " FROM audit_rows ORDER BY seq"; }

}  // namespace rxrules::service
