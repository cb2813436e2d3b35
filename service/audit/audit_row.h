// One row of the audit log and its place in the hash chain (docs/cds-hooks.md, "The audit log").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/audit/audit_log.h"

namespace rxrules::service {

// The hashed columns, in hashing order: the schema, the writer and the verifier all use this list.
inline constexpr std::array<std::string_view, 15> kAuditColumns = {
    "kind",     "time",       "service", "hook_instance", "request_sha256",  "request", "catalogue_fingerprint",
    "pack_fingerprints", "as_of", "verdict", "response", "card_uuid", "outcome", "override_reason", "comment"};

struct AuditRow {
  std::int64_t seq = 0;  // 1, 2, 3, ... in commit order
  std::array<std::optional<std::string>, kAuditColumns.size()> values;  // NULL where the kind has no such column
};

AuditRow audit_row(const AuditCall& call);          // kind "call"
AuditRow audit_row(const AuditFeedback& feedback);  // kind "feedback"

// The previous hash of row 1.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// Lowercase hex SHA-256 of prev_hash (as its 64 hex characters), seq (8 bytes
// big-endian), then each column in kAuditColumns order: 0x00 for NULL, or 0x01,
// its length in bytes (8 bytes big-endian) and its bytes. Lengths make the
// encoding unambiguous: no two different rows encode alike.
std::string audit_row_hash(std::string_view prev_hash, const AuditRow& row);

}  // namespace rxrules::service
