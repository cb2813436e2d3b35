// A thin RAII layer over SQLite: every failure is a std::runtime_error naming the file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rxrules::service {

class SqliteDatabase {
 public:
  enum class Mode { read_write_create, read_only };
  SqliteDatabase(const std::filesystem::path& path, Mode mode);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs one or more statements that return no rows.
  void execute(const char* sql);
  [[noreturn]] void fail(std::string_view what) const;  // throws with the path and SQLite's message
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& database, const char* sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are numbered from 1; bound text must outlive step().
  void bind(int index, std::int64_t value);
  void bind_text(int index, std::string_view text);
  void bind_optional_text(int index, const std::optional<std::string>& text);  // NULL for nullopt
  bool step();  // true while a row is available; false when done
  void reset();

  std::int64_t integer(int column) const;
  std::optional<std::string> text(int column) const;  // nullopt for NULL

 private:
  SqliteDatabase& database_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace rxrules::service
