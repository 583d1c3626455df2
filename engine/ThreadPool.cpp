#include "engine/ThreadPool.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>

#include "engine/output/OrderedOutput.hpp"
#include "workers/map/Mapper.hpp"

namespace logmill::engine {
namespace {

struct ThreadState {
  explicit ThreadState(const workers::Query& q) : mapper(q) {}
  workers::Mapper mapper;
  workers::Partial partial;
  WorkerStats stats;
  workers::LineBatcher batch;
  std::uint32_t task = 0;
};

}  // namespace

RunResult ThreadPool::run(const workers::Query& query, const std::vector<Task>& tasks) {
  workers::Mapper check(query);  // report a bad query once, on this thread
  tbb::enumerable_thread_specific<ThreadState> states([&] { return ThreadState(query); });
  // Each thread pulls the next task in plan order (largest first), exactly
  // like process workers pull from the shared queue; for grep that order is
  // also the output order, so the head task is always in someone's hands.
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    ThreadState& s = states.local();
    const auto deliver = [&](std::string_view bytes) {
      m_lines->waitForTurn(s.task);
      m_lines->append(s.task, bytes);
    };
    if (m_lines) s.mapper.onMatch([&](std::string_view line) { s.batch.add(line, deliver); });
    for (std::size_t i; (i = next.fetch_add(1)) < tasks.size();) {
      const auto start = std::chrono::steady_clock::now();
      const std::uint64_t before = s.partial.stats().bytesIn;
      s.task = tasks[i].id;
      s.mapper.run(tasks[i].path, tasks[i].range, s.partial);
      if (m_lines) {
        s.batch.drain(deliver);
        m_lines->finish(s.task);
      }
      s.stats.tasks += 1;
      s.stats.bytesIn += s.partial.stats().bytesIn - before;
      s.stats.busy += std::chrono::steady_clock::now() - start;
    }
  };
  // Allow more threads than cores when asked (-j 8 on 2 cores), as the
  // process pool does, instead of TBB's default cap and its warning.
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, m_jobs);
  tbb::task_arena arena(static_cast<int>(m_jobs));
  arena.execute([&] {
    tbb::parallel_for(0u, m_jobs, [&](unsigned) { work(); }, tbb::static_partitioner());
  });
  if (m_lines) m_lines->rethrowWriteError();
  RunResult result;
  unsigned index = 0;
  for (ThreadState& s : states) {
    s.stats.worker = index++;
    result.workers.push_back(s.stats);
    result.partial.merge(std::move(s.partial));
  }
  return result;
}

}  // namespace logmill::engine
