#include "workers/input/gzipMagic.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace logmill::workers {

bool fileHasGzipMagic(const std::string& path) {
  if (path == "-") return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st {};
  std::array<std::uint8_t, 2> head{};
  // Never read a FIFO here: its bytes belong to the one reader that streams it.
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  const bool gzip = regular && ::pread(fd, head.data(), head.size(), 0) == 2 && hasGzipMagic(head);
  ::close(fd);
  return gzip;
}

}  // namespace logmill::workers
