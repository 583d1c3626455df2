#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The in-process pool: oneTBB runs the same TaskRunner over the tasks on `jobs`
/// threads (largest task first, dynamic load balance), each thread keeping
/// its own Partial; the partials are then reduced like the process pool's.
class ThreadPool final : public Pool {
 public:
  /// Stream tasks (Task::stream) are fanned out through a heap ring of
  /// `ringBytes` (see StreamFeeder) when there are several threads.
  explicit ThreadPool(unsigned jobs, std::uint64_t ringBytes = 64ull << 20)
      : m_jobs(jobs == 0 ? 1 : jobs), m_ringBytes(ringBytes) {}
  [[nodiscard]] RunResult run(const workers::Query& query, const TaskList& work,
                              OrderedOutput* lines) override;

 private:
  unsigned m_jobs;
  std::uint64_t m_ringBytes;
};

}  // namespace logmill::engine
