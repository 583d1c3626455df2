#pragma once
#include "engine/runAnalysis.hpp"

namespace logmill::engine {

/// Runs one MPI rank of an analysis (engine/mpi/MpiRun.hpp): linked into
/// `logmill-mpi` only.
using MpiRunner = int (*)(AnalysisOptions options, bool jobsGiven);

/// Parses the command line, runs the command, maps errors to exit codes
/// (0 ok, 1 some input unreadable, 2 usage, 130/143 interrupted). A run
/// under an MPI launcher (or with --mpi) goes to `mpi`; without one (the
/// `logmill` binary) the process execs the `logmill-mpi` beside it.
int runCli(int argc, char** argv, MpiRunner mpi = nullptr);

}  // namespace logmill::engine
