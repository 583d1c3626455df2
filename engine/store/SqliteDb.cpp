#include "engine/store/SqliteDb.hpp"

#include "engine/store/StoreError.hpp"

namespace logmill::engine::store {

SqliteDb::SqliteDb(std::string path, bool create) : m_path(std::move(path)) {
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(m_path.c_str(), &m_db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string reason = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    sqlite3_close(m_db);
    m_db = nullptr;
    throw StoreError("cannot open store '" + m_path + "': " + reason);
  }
  sqlite3_extended_result_codes(m_db, 1);
}

SqliteDb::~SqliteDb() {
  sqlite3_close_v2(m_db);
}

void SqliteDb::fail(std::string_view what, int rc) const {
  std::string reason = sqlite3_errmsg(m_db);
  const int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    reason = "not a logmill store, or damaged (" + reason + ")";
  } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    reason = "busy: another logmill is writing to it (" + reason + ")";
  }
  throw StoreError("store '" + m_path + "': " + std::string(what) + ": " + reason);
}

void SqliteDb::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail("cannot run '" + text.substr(0, 40) + "'", rc);
}

std::int64_t SqliteDb::queryInt(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.integer(0) : 0;
}

Statement::Statement(SqliteDb& db, std::string_view sql) : m_db(db) {
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
  if (rc != SQLITE_OK) db.fail("cannot read", rc);
}

Statement::~Statement() {
  sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  m_db.fail("cannot access", rc);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(m_stmt, column);
}

std::string Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : "";
}

std::string Statement::blob(int column) const {
  return std::string(blobView(column));
}

std::string_view Statement::blobView(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
           : std::string_view();
}

}  // namespace logmill::engine::store
