#include "engine/ProcessPool.hpp"

#include <stdexcept>

#include "engine/runWorker.hpp"
#include <CLI/CLI.hpp>

namespace logmill::engine {
// TEMPORARY while ipc/ lands: replaced by the real pool before release.
RunResult ProcessPool::run(const workers::Query&, const std::vector<Task>&) {
  throw std::runtime_error("process pool not built yet");
}
void WorkerArgs::attach(CLI::App& cmd) { cmd.add_option("--segment", segment); }
int runWorker(const WorkerArgs&) { return 2; }
}  // namespace logmill::engine
