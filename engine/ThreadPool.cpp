#include "engine/ThreadPool.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <optional>
#include <span>

#include "engine/StreamFeeder.hpp"
#include "engine/output/OrderedOutput.hpp"
#include "workers/map/TaskRunner.hpp"

namespace logmill::engine {
namespace {

struct ThreadState {
  ThreadState(const workers::Query& q, OrderedOutput* lines, workers::GzipIndexes* indexes)
      : runner(q, lines, indexes) {}
  workers::TaskRunner runner;
  workers::Partial partial;
};

/// Maps the feeder's blocks until every stream has finished.
void mapBlocks(StreamFeeder& feeder, const TaskList& work, workers::TaskRunner& runner,
               workers::Partial& partial, OrderedOutput* lines) {
  while (auto event = feeder.wait()) {
    if (event->block) {
      const StreamFeeder::Block& b = *event->block;
      const std::string& path = work.pathOf(work.tasks[b.stream]);
      runner.runBlock(b.id, path, feeder.text(b), partial);
      if (lines) lines->finish(b.id);
      feeder.release(b.slot);
    } else {
      partial.merge(std::move(event->finished->partial));
      if (lines) lines->finish(event->finished->stream);
    }
  }
}

}  // namespace

RunResult ThreadPool::run(const workers::Query& query, const TaskList& work, OrderedOutput* lines) {
  workers::Mapper check(query);  // report a bad query once, on this thread
  workers::GzipIndexes indexes(work.gzipIndexDir, work.gzipIndexes);  // shared, thread-safe
  tbb::enumerable_thread_specific<ThreadState> states(query, lines, &indexes);
  // Inputs that cannot be split are read by one producer thread and their
  // blocks mapped by every thread (after the plan's other tasks).
  std::vector<std::uint32_t> streams;
  for (const Task& task : work.tasks) {
    if (task.stream && m_jobs > 1) streams.push_back(task.id);
  }
  std::unique_ptr<char[]> ring;
  std::optional<StreamFeeder> feeder;
  if (!streams.empty()) {
    const RingShape shape = ringShape(m_ringBytes);
    ring = std::make_unique_for_overwrite<char[]>(shape.slots * shape.slotBytes);
    std::vector<std::span<char>> slots;
    for (std::uint32_t i = 0; i < shape.slots; ++i) {
      slots.emplace_back(ring.get() + i * shape.slotBytes, shape.slotBytes);
    }
    feeder.emplace(std::move(slots), work, streams, static_cast<std::uint32_t>(work.tasks.size()),
                   lines, nullptr);
  }
  // Each thread pulls the next task in plan order (largest first), exactly
  // like process workers pull from the shared queue; for grep that order is
  // also the output order, so the head task is always in someone's hands.
  std::atomic<std::size_t> next{0};
  const auto pull = [&] {
    ThreadState& s = states.local();
    for (std::size_t i; (i = next.fetch_add(1)) < work.tasks.size();) {
      const Task& task = work.tasks[i];
      if (feeder && task.stream) continue;  // its blocks come from the feeder
      s.runner.run(task, work.pathOf(task), s.partial);
      if (lines) lines->finish(task.id);
    }
    if (feeder) mapBlocks(*feeder, work, s.runner, s.partial, lines);
    // Sorted here, on every thread at once, the partials merge in one pass
    // and a one-field result needs no sort before it is printed.
    s.partial.sortGroups();
  };
  // Allow more threads than cores when asked (-j 8 on 2 cores), as the
  // process pool does, instead of TBB's default cap and its warning.
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, m_jobs);
  tbb::task_arena arena(static_cast<int>(m_jobs));
  arena.execute([&] {
    tbb::parallel_for(
        0u, m_jobs, [&](unsigned) { pull(); }, tbb::static_partitioner());
  });
  if (lines) lines->rethrowWriteError();
  RunResult result;
  result.streams = static_cast<unsigned>(streams.size());
  result.blocks = feeder ? feeder->blocksCut() : 0;
  if (feeder) result.producerCpu = feeder->producerCpu();
  unsigned index = 0;
  for (ThreadState& s : states) {
    WorkerStats stats;
    stats.worker = index++;
    stats.tasks = s.runner.stats().tasks;
    stats.bytesIn = s.runner.stats().bytesIn;
    stats.busy = s.runner.stats().busy;
    result.workers.push_back(stats);
    result.partial.merge(std::move(s.partial));
  }
  return result;
}

}  // namespace logmill::engine
