#include "engine/cli/mpiHandoff.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace logmill::engine {

bool startedByMpiLauncher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name)) return true;
  }
  return false;
}

namespace {

std::string beside(const std::string& exe, const char* name) {
  const std::size_t slash = exe.rfind('/');
  return (slash == std::string::npos ? std::string() : exe.substr(0, slash + 1)) + name;
}

}  // namespace

std::string mpiBinaryBeside(const std::string& selfExe) {
  return beside(selfExe, "logmill-mpi");
}

std::string workerBinaryBeside(const std::string& mpiExe) {
  std::string plain = beside(mpiExe, "logmill");
  return ::access(plain.c_str(), X_OK) == 0 ? plain : mpiExe;
}

void execMpiBinary(const std::string& mpiBinary, char** argv) {
  ::execv(mpiBinary.c_str(), argv);
  const int error = errno;
  throw std::invalid_argument(
      "cannot run " + mpiBinary + " (" + std::strerror(error) +
      "), which runs logmill under MPI (--mpi, or started by mpirun/srun): this logmill was "
      "built or installed without MPI (install libopenmpi-dev and rebuild)");
}

}  // namespace logmill::engine
