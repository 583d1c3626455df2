#pragma once
// The store's commands: `ingest`, `store info|forget|verify`, and the
// `--store`, `--from`, `--to` options of the analysis commands.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/runAnalysis.hpp"
#include "engine/store/Store.hpp"
#include "engine/store/ingest.hpp"

namespace logmill::engine {

/// The commands a store can answer: report, count, top.
[[nodiscard]] bool storeAnswers(workers::Command command);

/// --store (report, count, top), --from, --to.
struct StoreQueryFlags {
  std::string store;
  std::string from, to;
  bool follow = false;          ///< --follow PATH...: see runFollowQuery
  double intervalSeconds = 10;  ///< --interval
  bool poll = false;            ///< --poll

  /// Adds --from/--to to `cmd`, and --store if `withStore`.
  void attach(CLI::App& cmd, bool withStore);
  /// Adds --follow, --interval, --poll (runFollowQuery.cpp).
  void attachFollow(CLI::App& cmd);
  /// Checks the dates; for a direct run, adds them to `query.where` as a
  /// date range. Throws std::invalid_argument (a usage error) for a bad date.
  void apply(workers::Query& query) const;
};

/// Throws std::invalid_argument (a usage error) for what a query from a
/// store cannot answer: --where; for count/top --agg, --bucket, and --by
/// fields it does not keep.
void checkStoreQuery(const AnalysisOptions& options);

/// The answer to `options.query` over the days of `db` in [--from, --to].
[[nodiscard]] RunResult queryStore(store::Store& db, const AnalysisOptions& options,
                                   const StoreQueryFlags& flags);

/// `report|count|top --store FILE`: the answer over the stored days in
/// [--from, --to], rendered as a direct run would be, without reading any
/// log. count/top group by the fields countFromStore() can rebuild; others
/// are a usage error.
int runStoreQuery(const AnalysisOptions& options, const StoreQueryFlags& flags);

/// `ingest --follow` commits at least this often (lines) unless told.
inline constexpr std::uint64_t kFollowCommitLines = 100000;

/// `ingest` and `store info|forget|verify`, registered on the app.
class StoreCommands {
 public:
  explicit StoreCommands(CLI::App& app);
  /// The exit code of the store command that was parsed; nullopt if none.
  [[nodiscard]] std::optional<int> runParsed();

 private:
  /// Notes, errors and (--stats) the figures of one commit, on stderr.
  void report(const store::IngestResult& r) const;
  int runIngest();
  int runFollow();

  CLI::App* m_ingest = nullptr;
  CLI::App* m_info = nullptr;
  CLI::App* m_forget = nullptr;
  CLI::App* m_verify = nullptr;
  store::IngestOptions m_ingestOptions;
  unsigned m_waitSeconds = 30;
  bool m_follow = false;
  bool m_poll = false;
  double m_intervalSeconds = 10;
  CLI::Option* m_commitLines = nullptr;
  bool m_stats = false;
  std::string m_file;
  std::string m_before;
};

}  // namespace logmill::engine
