#pragma once
// `logmill merge COMMAND [options] FILE...`: reduce partial files written by
// --emit-partial (on other machines, other days) and print the answer
// exactly as one direct run over all their inputs would.

#include <string>
#include <vector>

#include "engine/Pool.hpp"
#include "engine/runAnalysis.hpp"

namespace logmill::engine {

/// Reads and merges the partial files in `files`. Every file must answer
/// `query` (sameAggregate), else PartialMismatch naming the file and what
/// differs. A file that cannot be read or decoded becomes an error in the
/// result, like an unreadable log in a direct run: the rest is still merged.
/// Errors end sorted by path, as analyze() leaves them. Throws
/// PartialMismatch also when one path is given twice (it would count twice).
[[nodiscard]] RunResult mergePartialFiles(const workers::Query& query,
                                          const std::vector<std::string>& files);

/// Merges options.paths and prints as runAnalysis would (or writes
/// options.emitPartial, so merges can be stacked); returns 0, or 1 when
/// some partial, or some input recorded in one, could not be read.
int runMerge(const AnalysisOptions& options);

}  // namespace logmill::engine
