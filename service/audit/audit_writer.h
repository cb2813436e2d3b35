// The single writer of an audit log file: callers hand rows in and wait; one
// thread commits whatever has accumulated in one transaction (group commit).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "service/audit/audit_row.h"
#include "service/audit/sqlite_database.h"

namespace rxrules::service {

class AuditWriter {
 public:
  // Rows per transaction at most: bounds how long the first caller of a batch waits.
  static constexpr std::size_t kMaxBatchRows = 1024;

  AuditWriter(const std::filesystem::path& path, AuditDurability durability);
  ~AuditWriter();

  // Blocks until `row` (its seq and hash filled in here) is committed; rethrows a failed commit.
  void append(AuditRow row);
  std::int64_t rows() const { return committed_rows_.load(); }

 private:
  struct Pending {
    AuditRow row;
    bool done = false;
    std::exception_ptr error;
  };

  void run();
  void commit(const std::deque<Pending*>& batch);

  SqliteDatabase database_;
  std::atomic<std::int64_t> committed_rows_{0};
  std::mutex mutex_;
  std::condition_variable work_;       // rows handed in, or stopping
  std::condition_variable committed_;  // a batch finished
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;                 // last: started once everything above exists
};

}  // namespace rxrules::service
