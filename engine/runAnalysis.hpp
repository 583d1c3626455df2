#pragma once
// One analysis run (robots, count, top, report, grep): discover -> plan ->
// pool -> reduce -> render (grep: lines stream out in input order instead),
// with per-file errors on stderr and the contract's exit codes.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/Pool.hpp"
#include "engine/discoverFiles.hpp"
#include "engine/output/renderResult.hpp"
#include "engine/planTasks.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

/// Inputs estimated below this much text are not worth sharing out: starting
/// workers (or threads) costs more than they save. From measurements on a
/// 2-core EPYC VM (bench/results/2026-11-30-epyc-kvm-2c-startup.md): the process
/// pool's fixed ~10 ms pays back at -j2 only past ~40 MB of text; more
/// cores, sooner (~20 MB at -j8). 16 MB keeps the small-input win without
/// ever losing much on larger inputs.
inline constexpr std::uint64_t kMinShareBytes = 16ull << 20;

struct AnalysisOptions {
  workers::Query query;
  std::vector<std::string> paths;
  PoolKind pool = PoolKind::Process;
  PoolOptions poolOptions;
  RenderOptions render;
  DiscoverOptions discover;
  PlanOptions plan;  ///< split size, gzip index directory (keepOrder and jobs are set per run)
  bool stats = false;
  std::string emitPartial;  ///< --emit-partial FILE: write the partial there instead of printing
  /// > 0: a plan of less text than this (estimateTextBytes) runs on the
  /// coordinator's thread instead of `pool` (RunResult::inCoordinator).
  /// 0: always `pool`, however small the input.
  std::uint64_t minShareBytes = 0;
};

/// Runs the analysis and prints its result; returns 0, or 1 if some input
/// could not be read (everything else is still reported).
int runAnalysis(const AnalysisOptions& options);

/// Runs discover -> plan -> pool only; the reduced result, errors included
/// (sorted by path). Used by runAnalysis and `logmill bench`. For grep,
/// matching lines stream to `grepOutput` in input order as the run goes.
[[nodiscard]] RunResult analyze(const AnalysisOptions& options, OutputSink* grepOutput = nullptr);

/// The end of a run, shared by runAnalysis, `logmill merge` and MPI rank 0:
/// errors on stderr, then the result on stdout (or the partial file for
/// --emit-partial), --stats; returns 0, or 1 if the result records errors.
int printResult(const AnalysisOptions& options, const RunResult& result,
                std::chrono::steady_clock::time_point start, OutputSink& out);

}  // namespace logmill::engine
