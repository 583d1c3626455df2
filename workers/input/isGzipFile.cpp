#include "workers/input/isGzipFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace logmill::workers {

bool isGzipFile(const std::string& path) {
  if (path == "-") return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st {};
  unsigned char magic[2] = {0, 0};
  // Never read a FIFO here: its bytes belong to the one reader that streams it.
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  const bool gzip =
      regular && ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  ::close(fd);
  return gzip;
}

}  // namespace logmill::workers
