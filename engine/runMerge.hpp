#pragma once
// `logmill merge COMMAND [options] FILE...`: reduce partial files written by
// --emit-partial (on other machines, other days) and print the answer
// exactly as one direct run over all their inputs would.

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/Pool.hpp"
#include "engine/runAnalysis.hpp"

namespace logmill::engine {

/// A partial whose counts overflow when merged (exit 1, nothing printed).
class PartialOverflow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads and merges the partial files in `files`. Every file must answer
/// `query` (sameAggregate), else PartialMismatch naming the file and what
/// differs. A file that cannot be read or decoded becomes an error in the
/// result, like an unreadable log in a direct run: the rest is still merged.
/// So does a file that is one already merged under another name (same
/// device and inode, or the same bytes): it is merged once, and the error
/// names both paths. Errors end sorted by path, as analyze() leaves them.
/// Throws PartialMismatch also when one path is given twice (it would count
/// twice), and PartialOverflow, naming the file, when merging it would make
/// a count pass 2^64-1 (only a corrupt or forged partial can): then nothing
/// of the merge is usable.
[[nodiscard]] RunResult mergePartialFiles(const workers::Query& query,
                                          const std::vector<std::string>& files);

/// Merges options.paths and prints as runAnalysis would (or writes
/// options.emitPartial, so merges can be stacked); returns 0, or 1 when
/// some partial, or some input recorded in one, could not be read.
int runMerge(const AnalysisOptions& options);

}  // namespace logmill::engine
