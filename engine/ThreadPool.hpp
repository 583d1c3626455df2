#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The in-process pool: oneTBB runs the same TaskRunner over the tasks on `jobs`
/// threads (largest task first, dynamic load balance), each thread keeping
/// its own Partial; the partials are then reduced like the process pool's.
class ThreadPool final : public Pool {
 public:
  explicit ThreadPool(unsigned jobs) : m_jobs(jobs == 0 ? 1 : jobs) {}
  [[nodiscard]] RunResult run(const workers::Query& query, const TaskList& work,
                              OrderedOutput* lines) override;

 private:
  unsigned m_jobs;
};

}  // namespace logmill::engine
