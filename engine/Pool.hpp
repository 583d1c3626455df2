#pragma once
// The three ways to run the map over tasks: serial (baseline), thread (TBB,
// in-process) and process (fork/exec workers, shared-memory task queue).
// All return the same reduced Partial for the same query and tasks.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/Task.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

class OrderedOutput;

enum class PoolKind { Serial, Thread, Process };

struct PoolOptions {
  unsigned jobs = 1;
  std::chrono::seconds taskTimeout{600};  ///< watchdog: no progress for this long
  unsigned maxAttempts = 3;               ///< a task that kills 3 workers is given up
  bool progress = false;                  ///< progress line on stderr
  std::string selfExe;                    ///< absolute path of the logmill binary (process pool)
  OrderedOutput* lines = nullptr;         ///< grep: where matching lines go, in task order
};

/// What one worker did (for --stats).
struct WorkerStats {
  unsigned worker = 0;
  std::uint64_t tasks = 0;
  std::uint64_t bytesIn = 0;
  std::chrono::nanoseconds busy{0};
  unsigned restarts = 0;
};

struct RunResult {
  workers::Partial partial;
  std::vector<WorkerStats> workers;
};

class Pool {
 public:
  virtual ~Pool() = default;
  /// Maps every task and reduces. Per-file problems land in partial.errors();
  /// throws only when the pool itself cannot run (e.g. fork fails).
  [[nodiscard]] virtual RunResult run(const workers::Query& query,
                                      const std::vector<Task>& tasks) = 0;
};

[[nodiscard]] std::unique_ptr<Pool> makePool(PoolKind kind, const PoolOptions& options);

}  // namespace logmill::engine
