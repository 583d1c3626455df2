#pragma once
// Inputs only the coordinator can open: `/dev/fd/N` and `/proc/self/fd/N`
// name a descriptor this process holds (bash's `<(zcat f.gz)` is a pipe at
// /dev/fd/63), which a worker process does not have. The process pool passes
// each such descriptor into every worker and names it there.

#include <string>
#include <vector>

#include "ipc/ChildProcess.hpp"

namespace logmill::engine {

struct PassedInputs {
  std::vector<std::string> workerPaths;  ///< the run's files as a worker must open them
  std::vector<ipc::FdMapping> fds;       ///< descriptors every worker inherits
};

/// For `files` (the TaskList's): descriptors this process holds keep their
/// number in the worker when it is free there (>= `firstFreeFd`), else move
/// to a free one and the worker's path says so. Everything else is unchanged.
[[nodiscard]] PassedInputs passDescriptors(const std::vector<std::string>& files, int firstFreeFd);

}  // namespace logmill::engine
