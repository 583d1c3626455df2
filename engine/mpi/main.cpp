#include "engine/cli/Cli.hpp"
#include "engine/mpi/MpiRun.hpp"

// `logmill-mpi`: the same command line as `logmill`, with MPI linked in.
int main(int argc, char** argv) {
  return logmill::engine::runCli(argc, argv, &logmill::engine::runMpiAnalysis);
}
