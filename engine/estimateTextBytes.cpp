#include "engine/estimateTextBytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace logmill::engine {
namespace {

bool looksGzip(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  unsigned char magic[2] = {0, 0};
  const ssize_t n = ::pread(fd, magic, sizeof magic, 0);
  ::close(fd);
  return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

/// Stdin, a FIFO or a device: planned as 0 bytes, but of unknown length.
bool unsized(const std::string& path) {
  struct stat st {};
  return path == "-" || (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode));
}

}  // namespace

std::uint64_t estimateTextBytes(const workers::TaskList& work, std::uint64_t enough) {
  const std::uint64_t disk = work.totalBytes();
  if (disk >= enough) return disk;  // settled without opening a file
  std::uint64_t text = 0;
  for (const workers::Task& task : work.tasks) {
    const std::string& path = work.pathOf(task);
    if (task.sizeBytes == 0) {
      if (unsized(path)) return enough;  // a stream may be any length: assume big
      continue;
    }
    text += looksGzip(path) ? task.sizeBytes * kGzipTextRatio : task.sizeBytes;
    if (text >= enough) break;
  }
  return text;
}

}  // namespace logmill::engine
