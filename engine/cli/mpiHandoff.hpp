#pragma once
// `logmill` is not linked with MPI (loading Open MPI, hwloc and libevent cost
// every run several milliseconds); `logmill-mpi`, installed beside it, is.
// A run that is to be an MPI rank is handed over to it by exec.

#include <string>

namespace logmill::engine {

/// True when an MPI launcher started this process: Open MPI's mpirun/mpiexec
/// (OMPI_COMM_WORLD_SIZE), or a PMIx/PMI launcher such as srun (PMIX_RANK,
/// PMI_RANK, PMI_SIZE).
[[nodiscard]] bool startedByMpiLauncher();

/// The `logmill-mpi` beside the running binary `selfExe` (same directory).
[[nodiscard]] std::string mpiBinaryBeside(const std::string& selfExe);

/// The binary `logmill-mpi` (at `mpiExe`) starts its workers with: the plain
/// `logmill` beside it when there is one, so workers do not load MPI either.
[[nodiscard]] std::string workerBinaryBeside(const std::string& mpiExe);

/// Replaces this process with `mpiBinary` and the same arguments (argv[0]
/// included). Returns only by throwing std::invalid_argument: the binary is
/// missing (a build without MPI) or cannot be run.
[[noreturn]] void execMpiBinary(const std::string& mpiBinary, char** argv);

}  // namespace logmill::engine
