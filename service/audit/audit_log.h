// The append-only, hash-chained audit log of `rxrules serve` (shared/spec/cds-hooks.md,
// "The audit log"; format and limits in docs/cds-hooks.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace rxrules::service {

struct AuditCall {          // one answered call of order-sign, order-select or /verify
  std::string time;                  // RFC 3339 UTC, when answered
  std::string service;               // "rxrules-order-sign", "rxrules-order-select", "verify"
  std::string hook_instance;         // empty for /verify
  std::string request_sha256;        // hex, of the verification request JSON
  std::optional<std::string> request;      // the request itself, only with --audit-requests
  std::string catalogue_fingerprint;
  std::string pack_fingerprints;     // JSON array text
  std::string as_of;
  std::string verdict;               // pass / warn / block / error
  std::string response;              // the response JSON
};

struct AuditFeedback {
  std::string time, service, hook_instance, card_uuid, outcome, override_reason, comment;
};

class AuditWriter;

// What a committed row survives (SQLite's synchronous setting in WAL mode).
enum class AuditDurability {
  // synchronous=FULL: the WAL is synced to disk at every commit, so a row
  // survives a power failure; group commit shares one sync among the rows of a batch.
  power_failure,
  // synchronous=NORMAL: a committed row survives the process crashing or being
  // killed, but the last commits before an OS crash or power failure may be lost.
  process_crash,
};
inline constexpr AuditDurability kDefaultAuditDurability = AuditDurability::power_failure;

class AuditLog {
 public:
  // Creates the file and schema if needed, WAL mode; throws std::runtime_error with the path and SQLite's message.
  explicit AuditLog(const std::filesystem::path& path);
  AuditLog(const std::filesystem::path& path, AuditDurability durability);
  // Waits for the rows already handed in to be committed.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Thread-safe; returns only after the row is committed (durable); throws std::runtime_error on failure.
  // Rows handed in together by concurrent callers share one transaction (group commit).
  void record(const AuditCall& call);
  void record(const AuditFeedback& feedback);
  std::int64_t rows() const;

 private:
  std::unique_ptr<AuditWriter> writer_;
};

struct AuditVerification {
  bool intact = false;
  std::int64_t rows_checked = 0;
  std::string first_bad_row;  // e.g. "row 17: its hash does not match its content" or "row 18: previous hash does not match row 17 (a row was deleted or changed)"
};

// Opens read-only; throws std::runtime_error when the file is not an rxrules audit log.
AuditVerification verify_audit_log(const std::filesystem::path& path);

}  // namespace rxrules::service
