#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared
// statements, errors as StoreError naming the database file.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace logmill::engine::store {

class SqliteDb;

/// One prepared statement; bind from 1, step, read columns from 0.
class Statement {
 public:
  Statement(SqliteDb& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bindBlob(int index, std::string_view bytes);
  /// True while a row is available; false when done.
  [[nodiscard]] bool step();
  /// Steps a statement that returns no row.
  void run();
  void reset();

  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::string blob(int column) const;
  /// The blob in place, not copied: valid until the next step() or reset().
  [[nodiscard]] std::string_view blobView(int column) const;

 private:
  SqliteDb& m_db;
  sqlite3_stmt* m_stmt = nullptr;
};

class SqliteDb {
 public:
  /// Opens `path` read-write; `create`: creates it if missing (else a
  /// missing file is an error).
  SqliteDb(std::string path, bool create);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  /// Runs statements that return no rows.
  void exec(std::string_view sql);
  /// The single integer a query such as "PRAGMA user_version" returns.
  [[nodiscard]] std::int64_t queryInt(std::string_view sql);
  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] sqlite3* handle() const { return m_db; }
  /// Throws StoreError "'path': <what>: <sqlite message>" for `rc`.
  [[noreturn]] void fail(std::string_view what, int rc) const;

 private:
  std::string m_path;
  sqlite3* m_db = nullptr;
};

}  // namespace logmill::engine::store
