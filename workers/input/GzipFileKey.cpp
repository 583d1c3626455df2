#include "workers/input/GzipFileKey.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "workers/input/InputError.hpp"
#include "workers/input/readAt.hpp"

namespace logmill::workers {
namespace {

// Closes the descriptor whatever happens between open and the end.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::uint32_t crcAt(int fd, const std::string& path, std::uint64_t offset, std::size_t length) {
  std::vector<std::uint8_t> buffer(length);
  const std::size_t got = readAt(fd, path, offset, buffer.data(), length);
  return static_cast<std::uint32_t>(crc32(0, buffer.data(), static_cast<uInt>(got)));
}

std::string change(const char* what, std::uint64_t before, std::uint64_t now) {
  return std::string(what) + " " + std::to_string(before) + " -> " + std::to_string(now);
}

}  // namespace

GzipFileKey GzipFileKey::of(const std::string& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat st {};
  if (file.fd < 0 || ::fstat(file.fd, &st) != 0) {
    throw InputError("cannot open '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) throw InputError(path + ": not a regular file");
  GzipFileKey key;
  key.device = static_cast<std::uint64_t>(st.st_dev);
  key.inode = static_cast<std::uint64_t>(st.st_ino);
  key.size = static_cast<std::uint64_t>(st.st_size);
  key.mtimeNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  const std::uint64_t headLength = std::min(key.size, kHashedBytes);
  key.headCrc = crcAt(file.fd, path, 0, headLength);
  key.tailCrc = crcAt(file.fd, path, key.size - headLength, headLength);
  return key;
}

std::string GzipFileKey::differenceFrom(const GzipFileKey& other) const {
  if (device != other.device || inode != other.inode) {
    return "it belongs to another file (device/inode " + std::to_string(device) + "/" +
           std::to_string(inode) + ", the file is " + std::to_string(other.device) + "/" +
           std::to_string(other.inode) + ")";
  }
  if (size < other.size)
    return "the file was appended to (" + change("size", size, other.size) + ")";
  if (size != other.size) return "the file changed (" + change("size", size, other.size) + ")";
  if (mtimeNs != other.mtimeNs) {
    return "the file changed (modification time " + std::to_string(mtimeNs) + " -> " +
           std::to_string(other.mtimeNs) + " ns)";
  }
  if (headCrc != other.headCrc || tailCrc != other.tailCrc) {
    return "the file's content changed (same size and time)";
  }
  return "";
}

}  // namespace logmill::workers
