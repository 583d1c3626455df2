#pragma once
// MPI mode: `mpirun -np N logmill COMMAND ... PATH...` runs one analysis
// across N ranks (docs/SCALE.md). Rank 0 discovers and plans, broadcasts
// each rank's share of the tasks (largest first, balanced by bytes), every
// rank runs its share on its local pool, the encoded partials are reduced to
// rank 0 over a binomial tree, and rank 0 alone prints.
//
// MpiRun.cpp is compiled only when CMake finds MPI (LOGMILL_HAVE_MPI); this
// header serves both builds.

#include <cstdlib>
#include <stdexcept>

#include "engine/runAnalysis.hpp"

namespace logmill::engine {

/// True when an MPI launcher started this process: Open MPI's mpirun/mpiexec
/// (OMPI_COMM_WORLD_SIZE), or a PMIx/PMI launcher such as srun (PMIX_RANK,
/// PMI_SIZE).
[[nodiscard]] inline bool startedByMpiLauncher() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") || std::getenv("PMI_SIZE");
}

#ifdef LOGMILL_HAVE_MPI
/// Runs this rank's part of the analysis; rank 0 prints (or writes
/// --emit-partial) and returns runAnalysis's exit code, other ranks return 0.
/// `jobsGiven`: -j was on the command line (else rankJobs()). grep is
/// rejected (std::invalid_argument): its output is one ordered stream. An MPI
/// failure or an exception on any rank ends the whole job (MPI_Abort) after a
/// message on stderr naming the rank.
int runMpiAnalysis(AnalysisOptions options, bool jobsGiven);
#else
[[noreturn]] inline int runMpiAnalysis(const AnalysisOptions&, bool) {
  throw std::invalid_argument(
      "this logmill was built without MPI (install libopenmpi-dev and rebuild), but it was "
      "asked to run under MPI (--mpi, or started by mpirun/srun)");
}
#endif

}  // namespace logmill::engine
