#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The baseline: every task mapped in order on the calling thread.
class SerialPool final : public Pool {
 public:
  [[nodiscard]] RunResult run(const workers::Query& query, const std::vector<Task>& tasks) override;
};

}  // namespace logmill::engine
