#pragma once
// One analysis run (robots/count/top): discover -> plan -> pool -> reduce ->
// render, with per-file errors on stderr and the contract's exit codes.

#include <string>
#include <vector>

#include "engine/Pool.hpp"
#include "engine/discoverFiles.hpp"
#include "engine/renderResult.hpp"
#include "workers/Query.hpp"

namespace logmill::engine {

struct AnalysisOptions {
  workers::Query query;
  std::vector<std::string> paths;
  PoolKind pool = PoolKind::Process;
  PoolOptions poolOptions;
  RenderOptions render;
  DiscoverOptions discover;
  bool stats = false;
};

/// Runs the analysis and prints its result; returns 0, or 1 if some input
/// could not be read (everything else is still reported).
int runAnalysis(const AnalysisOptions& options);

/// Runs discover -> plan -> pool only; the reduced result, errors included
/// (sorted by path). Used by runAnalysis and `logmill bench`. For grep,
/// matching lines stream to `grepOutput` in input order as the run goes.
[[nodiscard]] RunResult analyze(const AnalysisOptions& options, OutputSink* grepOutput = nullptr);

}  // namespace logmill::engine
