#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// Fork/exec'd worker processes pulling tasks from a shared-memory queue.
class ProcessPool final : public Pool {
 public:
  explicit ProcessPool(PoolOptions options) : m_options(std::move(options)) {}
  [[nodiscard]] RunResult run(const workers::Query& query, const TaskList& work,
                              OrderedOutput* lines) override;

 private:
  PoolOptions m_options;
};

}  // namespace logmill::engine
