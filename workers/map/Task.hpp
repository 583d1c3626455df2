#pragma once
// One unit of map work, the same shape from the planner to the worker, and
// the run's list of tasks with each input file named once.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "workers/input/ByteRange.hpp"
#include "workers/input/GzipIndex.hpp"

namespace logmill::workers {

/// A whole file, or the lines that start in a byte range of one.
struct Task {
  std::uint32_t id = 0;         ///< 0..n-1 in schedule order (grep: output order)
  std::uint32_t file = 0;       ///< index into TaskList::files
  ByteRange range;              ///< whole file by default
  std::uint64_t sizeBytes = 0;  ///< bytes on disk this task reads (scheduling, progress)
  /// A whole read of a gzip file that leaves a checkpoint index behind in
  /// TaskList::gzipIndexDir (the planner asks for it on big unindexed files).
  bool buildIndex = false;
  /// An input read whole that cannot be split (stdin, a FIFO, a gzip file
  /// without an index): a pool may fan its text out in blocks from one
  /// reader (workers/map/StreamCutter) instead of running it as one task.
  bool stream = false;
  friend bool operator==(const Task&, const Task&) = default;
};

/// A run's work: every input path once, and the tasks over them.
struct TaskList {
  std::vector<std::string> files;
  std::vector<Task> tasks;  ///< tasks[i].id == i
  /// Where gzip indexes are cached ("" : neither read nor written).
  std::string gzipIndexDir;
  /// The index the planner split each gzip file by (empty, or one per file,
  /// null for a file without one). In-process pools use these directly;
  /// worker processes load their own from gzipIndexDir.
  std::vector<std::shared_ptr<const GzipIndex>> gzipIndexes;

  [[nodiscard]] const std::string& pathOf(const Task& task) const { return files.at(task.file); }
  [[nodiscard]] std::uint64_t totalBytes() const {
    std::uint64_t total = 0;
    for (const Task& t : tasks) total += t.sizeBytes;
    return total;
  }
};

}  // namespace logmill::workers
