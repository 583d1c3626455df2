#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The in-process pool: oneTBB runs the same Mapper over the tasks on `jobs`
/// threads (largest task first, dynamic load balance), each thread keeping
/// its own Partial; the partials are then reduced like the process pool's.
class ThreadPool final : public Pool {
 public:
  explicit ThreadPool(unsigned jobs, OrderedOutput* lines = nullptr)
      : m_jobs(jobs == 0 ? 1 : jobs), m_lines(lines) {}
  [[nodiscard]] RunResult run(const workers::Query& query, const std::vector<Task>& tasks) override;

 private:
  unsigned m_jobs;
  OrderedOutput* m_lines;
};

}  // namespace logmill::engine
