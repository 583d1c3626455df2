#pragma once
// `logmill bench`: times one query under the serial pool, the thread and
// process pools at each -j, and the baselines found on the machine (the
// Python recipe, zcat|mawk|sort, and gzip/igzip/pigz inflate floors; with
// --peers, DuckDB, lnav and Miller). Every
// variant runs as a child process; every answer is checked against serial.
// `--query report` compares with GoAccess instead. The table ends with the
// project's performance targets, as ratios of rows of the same run.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace logmill::engine {

struct BenchOptions {
  std::vector<std::string> paths;
  unsigned runs = 5;             ///< timed runs per variant, after one warm-up
  std::vector<unsigned> jobs;    ///< -j values for thread and process; empty = 1..CPUs
  std::string query = "robots";  ///< robots | count-status | top-path | top-path-bytes |
                                 ///< distinct-hosts | report
  std::string jsonPath;          ///< write the JSON report here if not empty
  std::string svgPath;           ///< write the SVG chart here if not empty
  bool noBaselines = false;
  bool peers = false;    ///< also the engines a user would pick instead (DuckDB, lnav, Miller)
  std::string peersDir;  ///< where DuckDB's npm package is; empty = defaultPeersDir()
  std::string
      baselinesDir;     ///< holds findrobots.py; empty = $LOGMILL_BASELINES or next to the binary
  std::string selfExe;  ///< the logmill binary to measure (set by the CLI)

  void attach(CLI::App& cmd);
};

/// Runs the benchmark, prints the table on stdout and writes the requested
/// files. Returns 0, or 1 if some variant failed or gave a different answer
/// (a fast wrong answer is a failure). Test hook: LOGMILL_BENCH_CORRUPT=<variant>
/// appends a line to that variant's output before it is checked.
int runBench(const BenchOptions& options);

}  // namespace logmill::engine
