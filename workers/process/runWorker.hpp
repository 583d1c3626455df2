#pragma once
#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace logmill::workers {

/// argv of `logmill worker` (set by the process pool, never by users).
struct WorkerArgs {
  std::string segment;     ///< shared-memory segment holding the task queue
  unsigned index = 0;      ///< worker number, for messages and test hooks
  int controlFd = 3;       ///< coordinator -> worker
  int resultFd = 4;        ///< worker -> coordinator
  unsigned generation = 0; ///< 0 for the first worker in a slot, +1 per replacement
  long parentPid = 0;      ///< the coordinator; the worker exits when it dies
  unsigned heartbeatMs = 1000;
  void attach(CLI::App& cmd);
};

/// Names of the objects the coordinator places in the shared segment.
inline constexpr const char* kQueueName = "tasks";
inline constexpr const char* kFileTableName = "files";
/// Frame type for grep's matching lines: task id + a batch of whole lines.
inline constexpr std::uint16_t kLinesMessage = 0x101;

/// The worker process main loop: pull tasks, map, send partials.
int runWorker(const WorkerArgs& args);

}  // namespace logmill::workers
