#pragma once
// The results of `logmill bench` and their three renderings: a table for a
// terminal, JSON for tools, and a self-contained SVG chart (MB/s per worker).

#include <cstdint>
#include <string>
#include <vector>

namespace logmill::engine {

/// Where the numbers were measured.
struct MachineInfo {
  std::string cpu;     ///< "model name" from /proc/cpuinfo
  unsigned cores = 0;  ///< logical CPUs (std::thread::hardware_concurrency)
  std::string commit;  ///< $LOGMILL_COMMIT (e.g. `git describe --always --dirty`), or "unknown"
  std::string date;    ///< UTC, ISO 8601
  std::string loadBefore,
      loadAfter;  ///< /proc/loadavg 1/5/15-minute figures: was the machine quiet?
  [[nodiscard]] static MachineInfo detect();
  [[nodiscard]] static std::string loadAverage();
};

enum class RowKind {
  Logmill,   ///< our own binary with --pool X -j N
  Baseline,  ///< another program answering the same query (output checked)
  Floor,     ///< inflate only, output discarded (exit status checked)
};

/// One variant: its timed runs and whether it gave the right answer.
struct BenchRow {
  std::string variant;  ///< unique name, e.g. "thread-j2" (what LOGMILL_BENCH_CORRUPT matches)
  RowKind kind = RowKind::Logmill;
  std::string pool;  ///< "serial", "thread", "process" for logmill rows, else empty
  unsigned jobs = 1;
  std::string command;          ///< for the record, files abbreviated
  std::vector<double> seconds;  ///< wall time of each timed run (warm-up excluded)
  double peakRssMb = 0;         ///< the largest over all runs, warm-up included
  bool ok = true;
  std::string failure;  ///< why not ok

  [[nodiscard]] double median() const;  ///< NaN when there are no timed runs
  [[nodiscard]] double min() const;
  [[nodiscard]] double max() const;
};

struct BenchReport {
  MachineInfo machine;
  std::string query;        ///< robots | count-status | top-path | report
  std::string commandLine;  ///< the bench command as run
  std::vector<std::string> paths;
  std::uint64_t files = 0;
  std::uint64_t inputBytes = 0;  ///< as stored (compressed)
  std::uint64_t textBytes = 0;   ///< after inflate; the MB/s numerator for every row
  unsigned runs = 0;
  double rssFloorMb =
      0;  ///< ru_maxrss of `true` spawned the same way: the smallest figure possible
  std::vector<BenchRow> rows;

  /// MB (1e6 bytes) of text per second of median wall time.
  [[nodiscard]] double mbPerSecond(const BenchRow& row) const;
  /// Median wall of the serial row over this row's median (NaN without serial).
  [[nodiscard]] double speedup(const BenchRow& row) const;
  [[nodiscard]] bool allOk() const;
};

/// A fixed-width table with a header and footnotes on what is measured.
[[nodiscard]] std::string benchTable(const BenchReport& report);
/// One JSON document: machine, inputs, and every row with its raw run times.
[[nodiscard]] std::string benchJson(const BenchReport& report);
/// An SVG line chart: x = workers, y = MB/s of text; thread and process pools
/// as polylines, serial as a point at x = 1, baselines as dashed lines.
[[nodiscard]] std::string benchSvg(const BenchReport& report);

}  // namespace logmill::engine
