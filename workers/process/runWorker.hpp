#pragma once
// The worker process (`logmill worker ...`, started by the process pool):
// attach to the run's segment, receive the query, then pull tasks from the
// shared queue and run each through a TaskRunner, sending heartbeats, grep's
// lines and one partial per task (the protocol is ipc/WorkerProtocol.hpp).

#include "ipc/WorkerProtocol.hpp"

namespace logmill::workers {

/// The worker's main loop; returns its exit status (0 after the coordinator's
/// sentinel, 1 when orphaned).
int runWorker(const ipc::WorkerArgs& args);

}  // namespace logmill::workers
