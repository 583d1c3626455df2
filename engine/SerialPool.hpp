#pragma once
#include "engine/Pool.hpp"

namespace logmill::engine {

/// The baseline: every task mapped in order on the calling thread. It is
/// also how small inputs run when no pool was asked for (runAnalysis), so it
/// keeps the progress line the user expects on a terminal.
class SerialPool final : public Pool {
 public:
  explicit SerialPool(bool progress = false) : m_progress(progress) {}
  [[nodiscard]] RunResult run(const workers::Query& query, const TaskList& work,
                              OrderedOutput* lines) override;

 private:
  bool m_progress;
};

}  // namespace logmill::engine
