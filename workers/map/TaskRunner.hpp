#pragma once
// The per-task map loop, written once: the serial pool, each thread of the
// thread pool and each worker process run tasks through a TaskRunner.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "workers/map/GzipIndexes.hpp"
#include "workers/map/LineBatcher.hpp"
#include "workers/map/LineSink.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/map/Task.hpp"

namespace logmill::workers {

class TaskRunner {
 public:
  /// What this runner did, for --stats.
  struct Stats {
    std::uint64_t tasks = 0;
    std::uint64_t bytesIn = 0;
    std::chrono::nanoseconds busy{0};
  };

  /// Compiles the query (throws std::invalid_argument on a bad one). grep's
  /// matching lines go to `lines` in ~64 KiB batches (null: not collected).
  /// Range tasks of gzip files take their index from `indexes`, and whole
  /// reads marked buildIndex leave one in its directory (null: neither).
  explicit TaskRunner(const Query& query, LineSink* lines = nullptr,
                      GzipIndexes* indexes = nullptr);
  // The mapper's line callback points at this object: it stays where it is.
  TaskRunner(const TaskRunner&) = delete;
  TaskRunner& operator=(const TaskRunner&) = delete;

  /// Maps `task`, whose input is `path`, into `into`. Every matching line has
  /// been handed to the sink when it returns. Bad input is recorded in
  /// into.errors(), never thrown.
  void run(const Task& task, const std::string& path, Partial& into);

  /// Maps `text`, a block of a stream fan-out of the input `name`, as task
  /// `id` (grep's lines are tagged with it) into `into`.
  void runBlock(std::uint32_t id, const std::string& name, std::string_view text, Partial& into);

  /// See Mapper::onProgress (heartbeats, test hooks).
  void onProgress(Mapper::ProgressFn fn) { m_mapper.onProgress(std::move(fn)); }
  [[nodiscard]] const Stats& stats() const noexcept { return m_stats; }

 private:
  void flush(std::string_view batch) { m_lines->lines(m_task, batch); }
  /// The index for a range task of a gzip file, or null with the file's
  /// error recorded in `into`.
  std::shared_ptr<const GzipIndex> rangeIndex(const Task& task, const std::string& path,
                                              Partial& into);

  Mapper m_mapper;
  LineSink* m_lines;
  GzipIndexes* m_indexes;
  LineBatcher m_batch;
  std::uint32_t m_task = 0;
  Stats m_stats;
};

}  // namespace logmill::workers
