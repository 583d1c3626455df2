#include "workers/input/gzipMagic.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace logmill::workers {

bool fileHasGzipMagic(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::array<std::uint8_t, 2> head{};
  const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
  ::close(fd);
  return n == 2 && hasGzipMagic(head);
}

}  // namespace logmill::workers
