#include "engine/ThreadPool.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>

#include "workers/Mapper.hpp"

namespace logmill::engine {
namespace {

struct ThreadState {
  explicit ThreadState(const workers::Query& q) : mapper(q) {}
  workers::Mapper mapper;
  workers::Partial partial;
  WorkerStats stats;
};

}  // namespace

RunResult ThreadPool::run(const workers::Query& query, const std::vector<Task>& tasks) {
  workers::Mapper check(query);  // report a bad query once, on this thread
  tbb::enumerable_thread_specific<ThreadState> states([&] { return ThreadState(query); });
  tbb::task_arena arena(static_cast<int>(m_jobs));
  arena.execute([&] {
    // Grain 1 over the LPT-ordered list: each thread pulls the next largest task.
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, tasks.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& r) {
          ThreadState& s = states.local();
          for (std::size_t i = r.begin(); i != r.end(); ++i) {
            const auto start = std::chrono::steady_clock::now();
            const std::uint64_t before = s.partial.stats().bytesIn;
            s.mapper.run(tasks[i].path, tasks[i].range, s.partial);
            s.stats.tasks += 1;
            s.stats.bytesIn += s.partial.stats().bytesIn - before;
            s.stats.busy += std::chrono::steady_clock::now() - start;
          }
        },
        tbb::simple_partitioner());
  });
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
