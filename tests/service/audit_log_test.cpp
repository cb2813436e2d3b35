// The audit log as the service writes it, an attacker edits it (with the
// sqlite3 program, triggers dropped) and an auditor checks it (`rxrules audit verify`).
#include "service/audit/audit_log.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rxrules::service {
namespace {

namespace fs = std::filesystem;

struct ProgramRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

ProgramRun run(const std::string& command) {
  ProgramRun result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ProgramRun sqlite(const fs::path& file, const std::string& sql) {
  return run(std::string(RXR_SQLITE3) + " " + shell_quoted(file.string()) + " " + shell_quoted(sql));
}

ProgramRun audit_verify(const fs::path& file) {
  return run(std::string(RXR_RXRULES) + " audit verify " + shell_quoted(file.string()));
}

// As an attacker with write access would start.
constexpr const char* kDropTriggers =
    "DROP TRIGGER audit_rows_append_only_update; DROP TRIGGER audit_rows_append_only_delete;"
    "DROP TRIGGER audit_head_kept;";

AuditCall call(int n) {
  AuditCall call;
  call.time = "2026-12-02T01:00:" + std::to_string(10 + n % 50) + "Z";
  call.service = n % 3 == 0 ? "verify" : "rxrules-order-sign";
  call.hook_instance = n % 3 == 0 ? "" : "hook-" + std::to_string(n);
  call.request_sha256 = std::string(64, static_cast<char>('a' + n % 6));
  if (n % 4 == 0) call.request = "{\"id\": \"order-" + std::to_string(n) + "\"}";
  call.catalogue_fingerprint = "cat-1";
  call.pack_fingerprints = "[\"pack-1\"]";
  call.as_of = "2026-12-02T01:00:00Z";
  call.verdict = n % 2 == 0 ? "block" : "pass";
  call.response = "{\"verdict\": \"" + call.verdict + "\"}";
  return call;
}

AuditFeedback feedback(int n) {
  return {"2026-12-02T01:01:00Z", "rxrules-order-sign", "hook-" + std::to_string(n), "card-" + std::to_string(n),
          "overridden", "patient-specific", "discussed with the attending"};
}

// The row hash as docs/cds-hooks.md documents it, computed here independently,
// as an attacker who read the documentation would: SHA-256 of prev_hash, seq
// as 8 bytes big-endian, then per column 0x00 for NULL or 0x01, an 8-byte
// big-endian length and the bytes.
std::string documented_hash(const std::string& prev_hash, std::uint64_t seq,
                            const std::vector<std::optional<std::string>>& columns) {
  std::string input = prev_hash;
  const auto append_u64 = [&input](std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) input.push_back(static_cast<char>((value >> shift) & 0xFF));
  };
  append_u64(seq);
  for (const auto& column : columns) {
    input.push_back(column ? '\x01' : '\x00');
    if (!column) continue;
    append_u64(column->size());
    input += *column;
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  std::string hex;
  for (const unsigned char byte : digest) {
    constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

// A call's columns in the documented order: kind, time, service, hook_instance,
// request_sha256, request, catalogue_fingerprint, pack_fingerprints, as_of,
// verdict, response, card_uuid, outcome, override_reason, comment.
std::vector<std::optional<std::string>> documented_columns(const AuditCall& c) {
  return {"call",  c.time,       c.service,    c.hook_instance, c.request_sha256, c.request,    c.catalogue_fingerprint,
          c.pack_fingerprints, c.as_of, c.verdict, c.response, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
}

std::vector<std::optional<std::string>> documented_columns(const AuditFeedback& f) {
  return {"feedback", f.time, f.service, f.hook_instance, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
          std::nullopt, std::nullopt, std::nullopt, f.card_uuid, f.outcome, f.override_reason, f.comment};
}

std::string trimmed_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("rxr-audit-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    file_ = folder_ / "audit.sqlite";
  }
  void TearDown() override { fs::remove_all(folder_); }

  // 20 calls and 5 feedbacks, interleaved; the log is closed afterwards.
  void write_25_rows() {
    AuditLog log(file_);
    for (int n = 1; n <= 25; ++n) {
      if (n % 5 == 0) {
        log.record(feedback(n));
      } else {
        log.record(call(n));
      }
    }
    ASSERT_EQ(log.rows(), 25);
  }

  // The SQL an attacker who read the documentation runs: `assignment` on row
  // `seq`, and the hash the documented encoding gives `changed_columns`.
  std::string rehashed_change(int seq, const std::string& assignment,
                              const std::vector<std::optional<std::string>>& changed_columns) {
    const std::string where = " WHERE seq = " + std::to_string(seq);
    const std::string prev_hash = trimmed_line(sqlite(file_, "SELECT prev_hash FROM audit_rows" + where).output);
    const std::string hash = documented_hash(prev_hash, static_cast<std::uint64_t>(seq), changed_columns);
    return "UPDATE audit_rows SET " + assignment + ", hash = '" + hash + "'" + where + ";";
  }

  void expect_broken(const std::string& tampering, const std::string& first_bad_row) {
    if (!fs::exists(file_)) write_25_rows();
    const ProgramRun tampered = sqlite(file_, std::string(kDropTriggers) + tampering);
    ASSERT_EQ(tampered.status, 0) << tampered.output;
    const ProgramRun verified = audit_verify(file_);
    EXPECT_EQ(verified.status, 1) << verified.output;
    EXPECT_NE(verified.output.find("broken: " + first_bad_row), std::string::npos) << verified.output;
    const AuditVerification verification = verify_audit_log(file_);
    EXPECT_FALSE(verification.intact);
    EXPECT_EQ(verification.first_bad_row.substr(0, first_bad_row.size()), first_bad_row);
  }

  fs::path folder_, file_;
};

TEST_F(AuditLogTest, RecordedRowsFormAnIntactChain) {
  write_25_rows();
  const AuditVerification verification = verify_audit_log(file_);
  EXPECT_TRUE(verification.intact) << verification.first_bad_row;
  EXPECT_EQ(verification.rows_checked, 25);
  const ProgramRun verified = audit_verify(file_);
  EXPECT_EQ(verified.status, 0) << verified.output;
  EXPECT_EQ(verified.output, "intact: 25 rows\n");
  // What was recorded is what is stored: a call's columns, a feedback's, and the request only when given.
  EXPECT_EQ(sqlite(file_, "SELECT service, hook_instance, verdict, request IS NULL FROM audit_rows WHERE seq = 3").output,
            "verify||pass|1\n");
  EXPECT_EQ(sqlite(file_, "SELECT request FROM audit_rows WHERE seq = 4").output, "{\"id\": \"order-4\"}\n");
  EXPECT_EQ(sqlite(file_, "SELECT kind, card_uuid, outcome, override_reason, comment, verdict IS NULL FROM audit_rows"
                          " WHERE seq = 10")
                .output,
            "feedback|card-10|overridden|patient-specific|discussed with the attending|1\n");
  EXPECT_EQ(sqlite(file_, "PRAGMA journal_mode").output, "wal\n");
}

TEST_F(AuditLogTest, AReopenedLogContinuesTheChain) {
  write_25_rows();
  {
    AuditLog log(file_);
    EXPECT_EQ(log.rows(), 25);
    log.record(call(26));
    EXPECT_EQ(log.rows(), 26);
  }
  const AuditVerification verification = verify_audit_log(file_);
  EXPECT_TRUE(verification.intact) << verification.first_bad_row;
  EXPECT_EQ(verification.rows_checked, 26);
}

TEST_F(AuditLogTest, TriggersRefuseUpdatesAndDeletes) {
  write_25_rows();
  for (const char* sql : {"UPDATE audit_rows SET verdict = 'pass' WHERE seq = 2", "DELETE FROM audit_rows WHERE seq = 2",
                          "DELETE FROM audit_head"}) {
    const ProgramRun refused = sqlite(file_, sql);
    EXPECT_NE(refused.status, 0) << sql;
    EXPECT_NE(refused.output.find("the audit log is append-only"), std::string::npos) << refused.output;
  }
  EXPECT_EQ(audit_verify(file_).status, 0);
}

TEST_F(AuditLogTest, AChangedColumnIsFound) {
  expect_broken("UPDATE audit_rows SET verdict = 'pass' WHERE seq = 8;",
                "row 8: its hash does not match its content (the row was changed)");
}

TEST_F(AuditLogTest, AFeedbackReasonChangedIsFound) {
  expect_broken("UPDATE audit_rows SET override_reason = 'other' WHERE seq = 15;",
                "row 15: its hash does not match its content");
}

TEST_F(AuditLogTest, TheDocumentedEncodingIsTheOneHashed) {
  write_25_rows();
  const std::string prev_hash = trimmed_line(sqlite(file_, "SELECT prev_hash FROM audit_rows WHERE seq = 8").output);
  EXPECT_EQ(sqlite(file_, "SELECT hash FROM audit_rows WHERE seq = 8").output,
            documented_hash(prev_hash, 8, documented_columns(call(8))) + "\n");
  EXPECT_EQ(sqlite(file_, "SELECT prev_hash FROM audit_rows WHERE seq = 1").output, std::string(64, '0') + "\n");
}

TEST_F(AuditLogTest, AChangedRowWithARecomputedHashIsFoundByTheNextRow) {
  write_25_rows();
  AuditCall changed = call(8);
  changed.verdict = "pass";
  expect_broken(rehashed_change(8, "verdict = 'pass'", documented_columns(changed)),
                "row 9: previous hash does not match row 8 (a row was deleted or changed)");
}

TEST_F(AuditLogTest, ADeletedMiddleRowIsFound) {
  expect_broken("DELETE FROM audit_rows WHERE seq = 12;",
                "row 13: previous hash does not match row 11 (a row was deleted or changed)");
}

TEST_F(AuditLogTest, ADeletedFirstRowIsFound) {
  expect_broken("DELETE FROM audit_rows WHERE seq = 1;",
                "row 2: previous hash does not match the start of the log");
}

TEST_F(AuditLogTest, ADeletedLastRowIsFound) {
  expect_broken("DELETE FROM audit_rows WHERE seq = (SELECT max(seq) FROM audit_rows);",
                "row 25: missing (the head records 25 rows, the file holds 24; the last rows were deleted)");
}

TEST_F(AuditLogTest, ADroppedHeadIsFound) {
  expect_broken("DROP TABLE audit_head;", "table audit_head: missing (it was dropped)");
}

TEST_F(AuditLogTest, AChangedLastRowWithARecomputedHashIsFoundByTheHead) {
  write_25_rows();
  AuditFeedback changed = feedback(25);  // row 25 is a feedback
  changed.outcome = "accepted";
  expect_broken(rehashed_change(25, "outcome = 'accepted'", documented_columns(changed)),
                "row 25: its hash does not match the head's last hash");
}

TEST_F(AuditLogTest, ConcurrentWritersAreAllRecordedInOneIntactChain) {
  constexpr int kThreads = 8;
  constexpr int kRowsEach = 250;
  {
    AuditLog log(file_);
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&log, t] {
        for (int i = 0; i < kRowsEach; ++i) {
          AuditCall row = call(i);
          row.hook_instance = "thread-" + std::to_string(t) + "-" + std::to_string(i);
          log.record(row);
        }
      });
    }
    for (auto& writer : writers) writer.join();
    EXPECT_EQ(log.rows(), kThreads * kRowsEach);
  }
  const AuditVerification verification = verify_audit_log(file_);
  EXPECT_TRUE(verification.intact) << verification.first_bad_row;
  EXPECT_EQ(verification.rows_checked, kThreads * kRowsEach);
  EXPECT_EQ(sqlite(file_, "SELECT count(DISTINCT hook_instance), min(seq), max(seq) FROM audit_rows").output,
            "2000|1|2000\n");
}

TEST_F(AuditLogTest, AFileThatIsNotAnAuditLogIsAUsageError) {
  const fs::path text = folder_ / "notes.txt";
  std::ofstream(text) << "not a database at all, just some text long enough to be read as a header\n";
  const fs::path foreign = folder_ / "other.sqlite";
  ASSERT_EQ(sqlite(foreign, "CREATE TABLE patients (id TEXT);").status, 0);
  for (const fs::path& file : {text, foreign}) {
    const ProgramRun verified = audit_verify(file);
    EXPECT_EQ(verified.status, 2) << verified.output;
    EXPECT_NE(verified.output.find(file.string()), std::string::npos) << verified.output;
    EXPECT_THROW(verify_audit_log(file), std::runtime_error);
  }
  EXPECT_NE(audit_verify(foreign).output.find("not an rxrules audit log"), std::string::npos);
  // The service refuses to turn someone else's database into its log.
  EXPECT_THROW(AuditLog{foreign}, std::runtime_error);
  EXPECT_EQ(sqlite(foreign, "SELECT count(*) FROM sqlite_schema").output, "1\n");
  const ProgramRun missing = audit_verify(folder_ / "missing.sqlite");
  EXPECT_EQ(missing.status, 2) << missing.output;
  EXPECT_FALSE(fs::exists(folder_ / "missing.sqlite"));
}

TEST_F(AuditLogTest, AnUnwritableLocationIsReportedWithItsPath) {
  const fs::path nowhere = folder_ / "no-such-folder" / "audit.sqlite";
  try {
    AuditLog log(nowhere);
    ADD_FAILURE() << "opened " << nowhere;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(nowhere.string() + ": cannot open"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rxrules::service
