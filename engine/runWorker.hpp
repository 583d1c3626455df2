#pragma once
#include <string>

namespace CLI {
class App;
}

namespace logmill::engine {

/// argv of `logmill worker` (set by the process pool, never by users).
struct WorkerArgs {
  std::string segment;     ///< shared-memory segment holding the task queue
  unsigned index = 0;      ///< worker number, for messages and test hooks
  int controlFd = 3;       ///< coordinator -> worker
  int resultFd = 4;        ///< worker -> coordinator
  long parentPid = 0;      ///< the coordinator; the worker exits when it dies
  void attach(CLI::App& cmd);
};

/// The worker process main loop: pull tasks, map, send partials.
int runWorker(const WorkerArgs& args);

}  // namespace logmill::engine
