#pragma once
// MPI mode: `mpirun -np N logmill COMMAND ... PATH...` runs one analysis
// across N ranks (docs/SCALE.md). Rank 0 discovers and plans, broadcasts
// each rank's share of the tasks (largest first, balanced by bytes), every
// rank runs its share on its local pool, the encoded partials are reduced to
// rank 0 over a binomial tree, and rank 0 alone prints.
//
// This folder builds the `logmill-mpi` executable, the only one linked with
// MPI: `logmill` execs it when a launcher started it (engine/cli/mpiHandoff),
// so a plain run never loads Open MPI, hwloc and libevent.

#include "engine/runAnalysis.hpp"

namespace logmill::engine {

/// Runs this rank's part of the analysis; rank 0 prints (or writes
/// --emit-partial) and returns runAnalysis's exit code, other ranks return 0.
/// `jobsGiven`: -j was on the command line (else rankJobs()). grep is
/// rejected (std::invalid_argument): its output is one ordered stream. An MPI
/// failure or an exception on any rank ends the whole job (MPI_Abort) after a
/// message on stderr naming the rank.
int runMpiAnalysis(AnalysisOptions options, bool jobsGiven);

}  // namespace logmill::engine
