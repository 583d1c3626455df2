#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The baseline: every task mapped in order on the calling thread.
class SerialPool final : public Pool {
 public:
  SerialPool() = default;
  [[nodiscard]] RunResult run(const workers::Query& query, const TaskList& work,
                              OrderedOutput* lines) override;
};

}  // namespace logmill::engine
