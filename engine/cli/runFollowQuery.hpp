#pragma once
// `report|count|top --follow PATH...`: the answer kept current while the
// logs grow and rotate.

#include "engine/cli/runStore.hpp"
#include "engine/runAnalysis.hpp"

namespace logmill::engine {

/// Follows options.paths as `ingest --follow` does (only new text is read,
/// exactly once across rotation, a partial last line waits), into the
/// --store FILE or, without one, a store held in memory; after each round
/// that read something, the answer over [--from, --to] is shown: a
/// terminal is cleared and redrawn, a report's -o FILE rewritten (all or
/// nothing); on a pipe nothing is printed until SIGINT/SIGTERM, then the
/// final answer once. Returns 0 after the signal. Usage errors (what a
/// store cannot answer, no PATH, stdin) throw std::invalid_argument.
int runFollowQuery(const AnalysisOptions& options, const StoreQueryFlags& flags);

}  // namespace logmill::engine
