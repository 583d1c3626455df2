#include "workers/input/readAt.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "workers/input/InputError.hpp"

namespace logmill::workers {

std::size_t readAt(int fd, const std::string& path, std::uint64_t offset, std::uint8_t* dst,
                   std::size_t length) {
  std::size_t got = 0;
  while (got < length) {
    const ssize_t n = ::pread(fd, dst + got, length - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw InputError("cannot read '" + path + "' at byte " + std::to_string(offset + got) + ": " +
                       std::strerror(errno));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

}  // namespace logmill::workers
