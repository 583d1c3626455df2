#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The baseline: every task mapped in order on the calling thread.
class SerialPool final : public Pool {
 public:
  explicit SerialPool(OrderedOutput* lines = nullptr) : m_lines(lines) {}
  [[nodiscard]] RunResult run(const workers::Query& query, const std::vector<Task>& tasks) override;

 private:
  OrderedOutput* m_lines;
};

}  // namespace logmill::engine
