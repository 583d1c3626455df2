#pragma once
// The three ways to run the map over tasks: serial (baseline), thread (TBB,
// in-process) and process (fork/exec workers, shared-memory task queue).
// All return the same reduced Partial for the same query and tasks.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "workers/map/Partial.hpp"
#include "workers/map/Task.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

class OrderedOutput;
using workers::Task;
using workers::TaskList;

enum class PoolKind { Serial, Thread, Process };

struct PoolOptions {
  unsigned jobs = 1;
  std::chrono::seconds taskTimeout{600};  ///< watchdog: no progress for this long
  unsigned maxAttempts = 3;               ///< a task that kills 3 workers is given up
  bool progress = false;                  ///< progress line on stderr
  std::string selfExe;                    ///< absolute path of the logmill binary (process pool)
  /// Bytes of the ring a stream fan-out cuts its blocks into (--ring-size).
  std::uint64_t ringBytes = 64ull << 20;
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
  std::vector<std::string> warnings;  ///< the plan's (runAnalysis prints them first)
  unsigned indexedFiles = 0;          ///< gzip files split by an index (for --stats)
  bool inCoordinator = false;         ///< mapped on the coordinator's thread: too small to share
  unsigned streams = 0;               ///< inputs fanned out by one producer (for --stats)
  std::uint64_t blocks = 0;           ///< the blocks they were cut into
  std::chrono::nanoseconds producerCpu{0};  ///< the producer thread's CPU time
};

class Pool {
 public:
  virtual ~Pool() = default;
  /// Maps every task and reduces. Per-file problems land in partial.errors();
  /// throws only when the pool itself cannot run (e.g. fork fails). grep's
  /// matching lines are fed to `lines` task by task (null: not collected).
  [[nodiscard]] virtual RunResult run(const workers::Query& query, const workers::TaskList& work,
                                      OrderedOutput* lines = nullptr) = 0;
};

[[nodiscard]] std::unique_ptr<Pool> makePool(PoolKind kind, const PoolOptions& options);

}  // namespace logmill::engine
