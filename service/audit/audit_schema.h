// The tables of an audit log file and the SQL that reads and writes them.
#pragma once

#include <string>

#include "service/audit/sqlite_database.h"

namespace rxrules::service {

// Written in the audit_format table; a file without it is not an audit log.
inline constexpr const char* kAuditFormatName = "rxrules audit log";
inline constexpr int kAuditFormatVersion = 1;

// In a file holding no tables yet, creates the schema (rows, head, format,
// append-only triggers); in any other file, require_audit_format.
void create_or_check_audit_schema(SqliteDatabase& database);

// Throws std::runtime_error unless the file holds an audit log of this format.
void require_audit_format(SqliteDatabase& database);

// INSERT of (seq, every kAuditColumns column, prev_hash, hash), numbered from 1.
std::string audit_insert_sql();
// SELECT seq, every kAuditColumns column, prev_hash, hash ORDER BY seq.
std::string audit_select_sql();

}  // namespace rxrules::service
