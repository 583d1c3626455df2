#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workers/map/Task.hpp"

namespace logmill::engine {

struct PlanOptions {
  /// Plain-text files larger than this are split into line-aligned ranges of
  /// about this size, so one big file can use every worker.
  std::uint64_t splitBytes = 64ull << 20;
  /// Keep input order (grep prints in it) instead of largest first.
  bool keepOrder = false;
};

struct Plan {
  workers::TaskList work;  ///< tasks largest first (LPT), ids 0..n-1 in that order
  std::uint64_t totalBytes = 0;
};

/// Sizes each file and splits large plain-text ones. Gzip (by magic bytes)
/// stays whole: a deflate stream cannot be entered in the middle.
[[nodiscard]] Plan planTasks(const std::vector<std::string>& files, const PlanOptions& options);

}  // namespace logmill::engine
