#include "engine/store/Store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/store/StoreError.hpp"
#include "workers/base/addCount.hpp"

namespace logmill::engine::store {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE day (
  date TEXT PRIMARY KEY,        -- YYYY-MM-DD as the report keys days; '' undated lines
  partial BLOB NOT NULL         -- workers::Partial::encode() of that day's lines
);
CREATE TABLE stream (
  id INTEGER PRIMARY KEY,
  fingerprint_bytes INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,    -- sha256 of the first fingerprint_bytes text bytes
  committed INTEGER NOT NULL,   -- text bytes ingested (a line boundary, or the end)
  crc INTEGER NOT NULL,         -- CRC-32 of text [0, committed)
  tail_bytes INTEGER NOT NULL,
  tail_hash TEXT NOT NULL,      -- sha256 of text [committed - tail_bytes, committed)
  last_path TEXT NOT NULL
);
CREATE INDEX stream_crc ON stream (crc);
)";

// Version 2: what later ingests add to a day that has a row, until folded.
constexpr const char* kPartsSchema = R"(
CREATE TABLE day_part (
  id INTEGER PRIMARY KEY,
  date TEXT NOT NULL,           -- as day.date; the day is its row merged with its parts
  partial BLOB NOT NULL
);
CREATE INDEX day_part_date ON day_part (date);
)";

bool existsNonEmpty(const std::string& path) {
  std::error_code ec;
  return std::filesystem::file_size(path, ec) > 0 && !ec;
}

/// Switching a database to WAL needs it to itself, and SQLite's busy
/// handler does not wait for that; once switched, the file stays WAL. So
/// only the first opens of a new store race here (two ingests started
/// together): retry within the caller's wait, like any other busy store.
void enableWal(SqliteDb& db, int busyMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busyMs);
  for (;;) {
    const int rc = sqlite3_exec(db.handle(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    const int primary = rc & 0xff;
    if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) ||
        std::chrono::steady_clock::now() >= deadline) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  db.exec("PRAGMA journal_mode=WAL");  // once more, failing with the store's own message
}

}  // namespace

Store::Store(std::string path, Open mode, int busyMs)
    : m_db((mode == Open::kExisting && !std::filesystem::exists(path))
               ? throw StoreError("cannot open store '" + path + "': No such file")
               : std::move(path),
           mode == Open::kCreate) {
  sqlite3_busy_timeout(m_db.handle(), busyMs);
  checkOrCreate(mode, busyMs);
}

Store::~Store() {
  if (m_inTransaction) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Store::checkOrCreate(Open mode, int busyMs) {
  // Read-only checks first: a foreign or newer file must not be written,
  // not even by switching it to WAL.
  // One read transaction: the three reads see one state of the file, even
  // while another ingest is creating this very store.
  m_db.exec("BEGIN");
  m_inTransaction = true;
  const std::int64_t appId = m_db.queryInt("PRAGMA application_id");
  const std::int64_t version = m_db.queryInt("PRAGMA user_version");
  const std::int64_t objects = m_db.queryInt("SELECT count(*) FROM sqlite_master");
  commit();
  m_version = version;
  // Fresh: no file yet, or a database with nothing in it at all, which is
  // what another ingest that is creating this store right now shows us.
  const bool fresh = !existsNonEmpty(m_db.path()) || (appId == 0 && version == 0 && objects == 0);
  if (!fresh && appId != kApplicationId) {
    throw StoreError("store '" + path() + "': not a logmill store (a SQLite file of another kind)");
  }
  if (version > kVersion) {
    throw StoreError("store '" + path() + "': version " + std::to_string(version) +
                     " is newer than this logmill reads (" + std::to_string(kVersion) + ")");
  }
  if (fresh && mode == Open::kExisting) {
    throw StoreError("store '" + path() + "': empty, not a logmill store");
  }
  enableWal(m_db, busyMs);
  m_db.exec("PRAGMA synchronous=FULL");
  if (!fresh) return;
  m_db.exec("BEGIN IMMEDIATE");
  m_inTransaction = true;
  if (m_db.queryInt("PRAGMA application_id") == 0) {
    m_db.exec(kSchema);
    m_db.exec(kPartsSchema);
    m_db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    m_db.exec("PRAGMA user_version=" + std::to_string(kVersion));
  }
  m_version = m_db.queryInt("PRAGMA user_version");
  commit();
}

void Store::beginWrite(int busyMs) {
  sqlite3_busy_timeout(m_db.handle(), busyMs);
  // A day's partial is megabytes: with SQLite's 2 MB default cache, a
  // transaction rewriting one spilled pages to the WAL before the commit
  // wrote them again (2,200 WAL pages for a 2 MB day). Writers only: a
  // reader's pages are each read once, and caching them costs memory.
  m_db.exec("PRAGMA cache_size=-65536");
  m_db.exec("BEGIN IMMEDIATE");
  m_inTransaction = true;
  // Under the write lock: another ingest may have upgraded it meanwhile.
  m_version = m_db.queryInt("PRAGMA user_version");
  if (m_version < 2) {
    m_db.exec(kPartsSchema);
    m_db.exec("PRAGMA user_version=2");
    m_version = 2;
  }
}

void Store::commit() {
  m_db.exec("COMMIT");
  m_inTransaction = false;
}

std::vector<StreamState> Store::streams() {
  Statement s(m_db,
              "SELECT id, fingerprint_bytes, fingerprint, committed, crc, tail_bytes, tail_hash,"
              " last_path FROM stream ORDER BY id");
  std::vector<StreamState> out;
  while (s.step()) {
    StreamState st;
    st.id = s.integer(0);
    st.fingerprintBytes = static_cast<std::uint64_t>(s.integer(1));
    st.fingerprint = s.text(2);
    st.offset = static_cast<std::uint64_t>(s.integer(3));
    st.crc = static_cast<std::uint32_t>(s.integer(4));
    st.tailBytes = static_cast<std::uint64_t>(s.integer(5));
    st.tailHash = s.text(6);
    st.lastPath = s.text(7);
    out.push_back(std::move(st));
  }
  return out;
}

void Store::saveStream(StreamState& st) {
  Statement s(m_db, st.id == 0 ? "INSERT INTO stream (fingerprint_bytes, fingerprint, committed,"
                                 " crc, tail_bytes, tail_hash, last_path, id)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)"
                               : "UPDATE stream SET fingerprint_bytes = ?1, fingerprint = ?2,"
                                 " committed = ?3, crc = ?4, tail_bytes = ?5, tail_hash = ?6,"
                                 " last_path = ?7 WHERE id = ?8");
  s.bind(1, static_cast<std::int64_t>(st.fingerprintBytes))
      .bind(2, st.fingerprint)
      .bind(3, static_cast<std::int64_t>(st.offset))
      .bind(4, static_cast<std::int64_t>(st.crc))
      .bind(5, static_cast<std::int64_t>(st.tailBytes))
      .bind(6, st.tailHash)
      .bind(7, st.lastPath);
  if (st.id != 0) s.bind(8, st.id);
  s.run();
  if (st.id == 0) st.id = sqlite3_last_insert_rowid(m_db.handle());
}

workers::Partial Store::decodeDay(const std::string& date, std::string_view bytes) const {
  try {
    return workers::Partial::decode(bytes);
  } catch (const std::exception& e) {
    throw StoreError("store '" + path() + "': day '" + date + "' is damaged: " + e.what());
  }
}

void Store::mergeDecodeDay(workers::Partial& into, const std::string& date,
                           std::string_view bytes) const {
  try {
    into.mergeEncoded(bytes);
  } catch (const workers::CountOverflow&) {
    throw;  // a sum over days, as merge() throws it: no one day is damaged
  } catch (const std::exception& e) {
    throw StoreError("store '" + path() + "': day '" + date + "' is damaged: " + e.what());
  }
}

std::string Store::selectDays(const std::string& where) const {
  std::string sql = "SELECT date, partial FROM day WHERE " + where;
  if (m_version >= 2) sql += " UNION ALL SELECT date, partial FROM day_part WHERE " + where;
  return sql + " ORDER BY date";
}

void Store::mergeDay(const std::string& date, const workers::Partial& partial) {
  bool hasRow = false;
  {
    Statement get(m_db, "SELECT 1 FROM day WHERE date = ?1");
    get.bind(1, date);
    hasRow = get.step();
  }
  Statement put(m_db, hasRow ? "INSERT INTO day_part (date, partial) VALUES (?1, ?2)"
                             : "INSERT INTO day (date, partial) VALUES (?1, ?2)");
  put.bind(1, date).bindBlob(2, partial.encode());
  put.run();
  if (!hasRow) return;
  Statement count(m_db, "SELECT count(*) FROM day_part WHERE date = ?1");
  count.bind(1, date);
  if (count.step() && count.integer(0) >= kMaxParts) foldParts(date);
}

void Store::foldParts(const std::string& date) {
  workers::Partial merged;
  {
    Statement get(m_db, selectDays("date = ?1"));
    get.bind(1, date);
    while (get.step()) merged.merge(decodeDay(date, get.blobView(1)));
  }
  Statement put(m_db, "INSERT OR REPLACE INTO day (date, partial) VALUES (?1, ?2)");
  put.bind(1, date).bindBlob(2, merged.encode());
  put.run();
  Statement drop(m_db, "DELETE FROM day_part WHERE date = ?1");
  drop.bind(1, date);
  drop.run();
}

namespace {

/// The days load() selects: ?1 from, ?2 to (NULL: open).
constexpr const char* kLoadRange =
    "(?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2) AND"
    " (date <> '' OR (?1 IS NULL AND ?2 IS NULL))";

/// Binds a --from/--to range to ?1 and ?2; an open end stays NULL.
void bindRange(Statement& s, const std::optional<std::string>& from,
               const std::optional<std::string>& to) {
  if (from) s.bind(1, *from);
  if (to) s.bind(2, *to);
}

}  // namespace

workers::Partial Store::load(const std::optional<std::string>& from,
                             const std::optional<std::string>& to) {
  Statement s(m_db, selectDays(kLoadRange));
  bindRange(s, from, to);
  workers::Partial all;
  while (s.step()) {
    mergeDecodeDay(all, s.text(0), s.blobView(1));
  }
  return all;
}

std::vector<std::string> Store::datesWithParts(const std::optional<std::string>& from,
                                               const std::optional<std::string>& to) {
  std::vector<std::string> out;
  if (m_version < 2) return out;
  Statement s(m_db, std::string("SELECT DISTINCT date FROM day_part WHERE ") + kLoadRange +
                        " ORDER BY date");
  bindRange(s, from, to);
  while (s.step()) out.push_back(s.text(0));
  return out;
}

workers::Partial Store::loadForPrinting(const std::optional<std::string>& from,
                                        const std::optional<std::string>& to) {
  // The visitor sum needs each date once: a date stored in parts (a row and
  // the parts later ingests added) is merged as sets into one day first.
  const std::vector<std::string> parted = datesWithParts(from, to);
  workers::Partial all;
  all.report().sumVisitorsOverDays();
  workers::Partial day;  // the parts read of date `dayDate`, if `pending`
  std::string dayDate;
  bool pending = false;
  const auto flushDay = [&] {
    if (!pending) return;
    mergeDecodeDay(all, dayDate, day.encode());
    day = workers::Partial{};
    pending = false;
  };
  Statement s(m_db, selectDays(kLoadRange));
  bindRange(s, from, to);
  while (!all.report().visitorSumFailed() && s.step()) {
    std::string date = s.text(0);
    if (date != dayDate) flushDay();
    if (!std::binary_search(parted.begin(), parted.end(), date)) {
      mergeDecodeDay(all, date, s.blobView(1));
      continue;
    }
    mergeDecodeDay(day, date, s.blobView(1));
    dayDate = std::move(date);
    pending = true;
  }
  if (!all.report().visitorSumFailed()) flushDay();
  // Past the visitor budget (or a day with estimated rows), a direct run
  // estimates rows as the merge of sets does: start again that way.
  if (all.report().visitorSumFailed()) return load(from, to);
  return all;
}

void Store::forEachDay(const std::optional<std::string>& from, const std::optional<std::string>& to,
                       const std::function<void(const std::string&, workers::Partial&&)>& visit) {
  Statement s(m_db, selectDays("((?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)) OR"
                               " length(date) <> 10"));
  bindRange(s, from, to);
  while (s.step()) {
    const std::string date = s.text(0);
    visit(date, decodeDay(date, s.blobView(1)));
  }
}

std::vector<DayInfo> Store::days() {
  Statement s(m_db, selectDays("1"));
  std::vector<DayInfo> out;
  while (s.step()) {
    const std::string bytes = s.blob(1);
    const workers::Partial p = decodeDay(s.text(0), bytes);
    if (out.empty() || out.back().date != s.text(0)) out.push_back({s.text(0), 0, 0});
    out.back().lines += p.stats().lines;  // a day's row and parts
    out.back().partialBytes += bytes.size();
  }
  return out;
}

std::uint64_t Store::forgetBefore(const std::string& date) {
  if (m_version >= 2) {
    Statement parts(m_db, "DELETE FROM day_part WHERE date <> '' AND date < ?1");
    parts.bind(1, date);
    parts.run();
  }
  Statement s(m_db, "DELETE FROM day WHERE date <> '' AND date < ?1");
  s.bind(1, date);
  s.run();
  return static_cast<std::uint64_t>(sqlite3_changes(m_db.handle()));
}

std::vector<std::string> Store::verify() {
  std::vector<std::string> problems;
  {
    Statement s(m_db, "PRAGMA integrity_check");
    while (s.step()) {
      if (s.text(0) != "ok") problems.push_back("integrity check: " + s.text(0));
    }
  }
  Statement s(m_db, selectDays("1"));
  while (s.step()) {
    try {
      (void)decodeDay(s.text(0), s.blob(1));
    } catch (const StoreError& e) {
      problems.push_back(e.what());
    }
  }
  return problems;
}

}  // namespace logmill::engine::store
