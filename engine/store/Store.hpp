#pragma once
// The store: one SQLite database (WAL) holding, per day, the report Partial
// of the lines ingested for that day, and the ledger of log streams. Every
// change happens in one transaction, so a run killed at any moment leaves
// the store as it was before or after that run, never between.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/SqliteDb.hpp"
#include "engine/store/StreamState.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::engine::store {

/// One day row, for `store info`.
struct DayInfo {
  std::string date;  ///< YYYY-MM-DD; "" for lines with no time (malformed)
  std::uint64_t lines = 0;
  std::uint64_t partialBytes = 0;
};

class Store {
 public:
  /// "LMst": set in every store so a foreign SQLite file is never used.
  static constexpr std::int64_t kApplicationId = 0x4c4d7374;
  /// 2: days may have parts (day_part) besides their row; 1 is read, and
  /// upgraded by the first write.
  static constexpr std::int64_t kVersion = 2;
  /// Parts a day collects before they are folded into its row.
  static constexpr std::int64_t kMaxParts = 8;

  enum class Open { kExisting, kCreate };
  /// Opens (or with kCreate, creates) the store at `path`. Throws StoreError
  /// naming the file if it is not a logmill store, is of a newer version,
  /// or is damaged; nothing in such a file is written. Waits up to `busyMs`
  /// for a lock another logmill holds.
  Store(std::string path, Open mode, int busyMs = 30000);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Takes the write lock, waiting up to `busyMs` for another writer, and
  /// begins the one transaction of this run.
  void beginWrite(int busyMs);
  void commit();

  [[nodiscard]] std::vector<StreamState> streams();
  /// Inserts (id 0, then given its id) or updates a stream.
  void saveStream(StreamState& stream);
  /// Merges `partial` into the day's stored partial: a new day's row, or
  /// a part beside it (an append costs what it adds, not the day's size),
  /// folded into the row once the day has kMaxParts parts.
  void mergeDay(const std::string& date, const workers::Partial& partial);

  /// The merge of the days in [from, to] (inclusive, YYYY-MM-DD; either
  /// open). The undated row is included only when both are open.
  [[nodiscard]] workers::Partial load(const std::optional<std::string>& from,
                                      const std::optional<std::string>& to);
  /// load() for a report that is only printed (report --store once, not
  /// --follow): the same output, with the rows' visitor counts summed over
  /// the days where that is exact (workers::ReportAggregate::
  /// sumVisitorsOverDays), not merged hash by hash. The Partial can be
  /// printed, not merged or encoded.
  [[nodiscard]] workers::Partial loadForPrinting(const std::optional<std::string>& from,
                                                 const std::optional<std::string>& to);
  /// Calls `visit(date, partial)` for each stored day in [from, to] as
  /// load() selects them, and also for every day whose key is not a plain
  /// YYYY-MM-DD (undated lines, years outside 1000..9999), for the caller
  /// to judge; in date order. A day may come in several parts (calls with
  /// the same date), which merge into the day.
  void forEachDay(const std::optional<std::string>& from, const std::optional<std::string>& to,
                  const std::function<void(const std::string&, workers::Partial&&)>& visit);
  [[nodiscard]] std::vector<DayInfo> days();
  /// Deletes the days before `date`; returns how many.
  std::uint64_t forgetBefore(const std::string& date);
  /// SQLite's integrity check, then every partial decoded: the problems
  /// found (empty: sound).
  [[nodiscard]] std::vector<std::string> verify();
  [[nodiscard]] const std::string& path() const { return m_db.path(); }

 private:
  void checkOrCreate(Open mode, int busyMs);
  [[nodiscard]] workers::Partial decodeDay(const std::string& date, std::string_view bytes) const;
  /// Merges a stored day into `into` (Partial::mergeEncoded), a damaged day
  /// named in the error as decodeDay names it.
  void mergeDecodeDay(workers::Partial& into, const std::string& date,
                      std::string_view bytes) const;
  /// "SELECT date, partial" from the day rows and their parts `where`.
  [[nodiscard]] std::string selectDays(const std::string& where) const;
  void foldParts(const std::string& date);
  /// The dates in [from, to] (as load() selects them) that have parts.
  [[nodiscard]] std::vector<std::string> datesWithParts(const std::optional<std::string>& from,
                                                        const std::optional<std::string>& to);

  SqliteDb m_db;
  bool m_inTransaction = false;
  std::int64_t m_version = kVersion;
};

}  // namespace logmill::engine::store
