#include "service/audit/audit_log.h"

#include "service/audit/audit_schema.h"
#include "service/audit/audit_writer.h"

namespace rxrules::service {

AuditWriter::AuditWriter(const std::filesystem::path& path, AuditDurability durability)
    : database_(path, SqliteDatabase::Mode::read_write_create) {
  // WAL: the writer appends while readers (audit verify) see a consistent snapshot.
  {
    SqliteStatement journal(database_, "PRAGMA journal_mode = WAL");
    if (!journal.step() || journal.text(0) != "wal") database_.fail("cannot switch to WAL mode");
  }
  database_.execute(durability == AuditDurability::power_failure ? "PRAGMA synchronous = FULL"
                                                                  : "PRAGMA synchronous = NORMAL");
  create_or_check_audit_schema(database_);
  {
    SqliteStatement head(database_, "SELECT rows FROM audit_head WHERE id = 1");
    if (!head.step()) database_.fail("the audit log has no head row");
    committed_rows_ = head.integer(0);
  }
  thread_ = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

void AuditWriter::append(AuditRow row) {
  Pending pending{std::move(row), false, nullptr};
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  work_.notify_one();
  committed_.wait(lock, [&] { return pending.done; });
  if (pending.error) std::rethrow_exception(pending.error);
}

void AuditWriter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and every row handed in is committed
    std::deque<Pending*> batch;
    while (!queue_.empty() && batch.size() < kMaxBatchRows) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    std::exception_ptr error;
    try {
      commit(batch);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    for (Pending* pending : batch) {
      pending->done = true;
      pending->error = error;
    }
    committed_.notify_all();
  }
}

// The chain continues from the head read inside the transaction, so a second
// writer process on the same file (waited for by the busy timeout) cannot fork it.
void AuditWriter::commit(const std::deque<Pending*>& batch) {
  database_.execute("BEGIN IMMEDIATE");
  try {
    std::int64_t seq = 0;
    std::string last_hash;
    {
      SqliteStatement head(database_, "SELECT rows, last_hash FROM audit_head WHERE id = 1");
      if (!head.step()) database_.fail("the audit log has no head row");
      seq = head.integer(0);
      last_hash = head.text(1).value_or("");
    }
    SqliteStatement insert(database_, audit_insert_sql().c_str());
    for (Pending* pending : batch) {
      AuditRow& row = pending->row;
      row.seq = ++seq;
      const std::string hash = audit_row_hash(last_hash, row);
      insert.bind(1, row.seq);
      int index = 2;
      for (const auto& value : row.values) insert.bind_optional_text(index++, value);
      insert.bind_text(index++, last_hash);
      insert.bind_text(index, hash);
      insert.step();
      insert.reset();
      last_hash = hash;
    }
    SqliteStatement update(database_, "UPDATE audit_head SET rows = ?, last_hash = ? WHERE id = 1");
    update.bind(1, seq);
    update.bind_text(2, last_hash);
    update.step();
    database_.execute("COMMIT");
    committed_rows_ = seq;
  } catch (...) {
    sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

AuditLog::AuditLog(const std::filesystem::path& path) : AuditLog(path, kDefaultAuditDurability) {}
AuditLog::AuditLog(const std::filesystem::path& path, AuditDurability durability)
    : writer_(std::make_unique<AuditWriter>(path, durability)) {}
AuditLog::~AuditLog() = default;

void AuditLog::record(const AuditCall& call) { writer_->append(audit_row(call)); }
void AuditLog::record(const AuditFeedback& feedback) { writer_->append(audit_row(feedback)); }
std::int64_t AuditLog::rows() const { return writer_->rows(); }

}  // namespace rxrules::service
