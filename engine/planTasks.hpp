#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workers/map/Task.hpp"

namespace logmill::engine {

struct PlanOptions {
  /// Files with more text than this are split into line-aligned ranges of
  /// about this size, so one big file can use every worker: plain files
  /// always, gzip files at their index's checkpoints (or BGZF members). A
  /// gzip file that may hold this much text and has no index gets one built
  /// by its first read.
  std::uint64_t splitBytes = 64ull << 20;
  /// Keep input order (grep prints in it) instead of largest first.
  bool keepOrder = false;
  /// Where gzip indexes are cached ("" : none read or written).
  std::string gzipIndexDir;
  /// Workers that will run the plan: a split gzip gets a multiple of this
  /// many ranges, so none idles at the end. Past one, inputs that cannot be
  /// split (stdin, FIFOs, big gzip files without an index) are marked
  /// Task::stream, for one reader to fan their text out.
  unsigned jobs = 1;
};

struct Plan {
  workers::TaskList work;  ///< tasks largest first (LPT), ids 0..n-1 in that order
  std::uint64_t totalBytes = 0;
  /// One line per problem that changed the plan but not the answer (a
  /// stale index, an unwritable cache), naming the file and the reason.
  std::vector<std::string> warnings;
  unsigned indexedFiles = 0;  ///< gzip files split by an index or their BGZF members
};

/// Sizes each file and splits large ones: plain text at line boundaries,
/// gzip (by magic bytes) at the checkpoints of a valid cached index or at
/// BGZF members; other gzip files stay whole (a deflate stream cannot be
/// entered in the middle without an index).
[[nodiscard]] Plan planTasks(const std::vector<std::string>& files, const PlanOptions& options);

}  // namespace logmill::engine
