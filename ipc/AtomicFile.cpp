#include "ipc/AtomicFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <stdexcept>

namespace logmill::ipc {
namespace {

constexpr int kTempAttempts = 16;
// Leaves room for ".", ".<16 hex>.tmp" within NAME_MAX (255).
constexpr std::size_t kTempBaseMax = 200;

std::string quotedPath(const std::string& path) {
  return "'" + path + "'";
}

/// Every failure reads the same to a user: "cannot write 'out.lmp': <why>".
std::string cannotWrite(const std::string& path) {
  return "cannot write " + quotedPath(path);
}

std::string directoryOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string randomHex() {
  std::array<std::byte, 8> bytes;
  randomBytes(bytes);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::byte b : bytes) {
    out += kDigits[std::to_integer<unsigned>(b) >> 4];
    out += kDigits[std::to_integer<unsigned>(b) & 0xf];
  }
  return out;
}

/// ".<name>.<hex>.tmp" in the directory of `path`.
std::string tempNameBeside(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string prefix = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = path.substr(prefix.size()).substr(0, kTempBaseMax);
  return prefix + "." + base + "." + randomHex() + ".tmp";
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
  if (m_path == "-") {
    m_fd = Fd(STDOUT_FILENO, "standard output");
    m_ownsFd = false;
    return;
  }
  struct stat st {};
  // stat, not lstat: a link to a FIFO or device is written in place too.
  if (::stat(m_path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw std::invalid_argument(quotedPath(m_path) + " is a directory");
    const int fd = ::open(m_path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) throw SystemError(errno, cannotWrite(m_path));
    openInPlace(fd);
    if (m_fd) return;
  }
  createTemp();
}

void AtomicFile::openInPlace(int fd) {
  Fd owned(fd, quotedPath(m_path));
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw SystemError(errno, cannotWrite(m_path));
  // Replaced by a regular file since the stat: nothing written yet, so
  // leave it and replace it like any regular file.
  if (S_ISREG(st.st_mode)) return;
  m_fd = std::move(owned);
}

void AtomicFile::createTemp() {
  for (int attempt = 0; attempt < kTempAttempts; ++attempt) {
    const std::string temp = tempNameBeside(m_path);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) throw SystemError(errno, cannotWrite(m_path));
    m_tempPath = temp;
    m_fd = Fd(fd, quotedPath(m_path));
    struct stat old {};
    if (::lstat(m_path.c_str(), &old) == 0 && S_ISREG(old.st_mode) &&
        ::fchmod(fd, old.st_mode & 0777) != 0) {
      throw SystemError(errno, cannotWrite(m_path));
    }
    return;
  }
  throw SystemError(EEXIST, cannotWrite(m_path));
}

AtomicFile::~AtomicFile() {
  if (!m_ownsFd) (void)m_fd.release();
  m_fd.reset();
  if (!m_committed && !m_tempPath.empty()) ::unlink(m_tempPath.c_str());
}

void AtomicFile::write(std::string_view data) {
  try {
    writeAll(m_fd, data);
  } catch (const SystemError& e) {
    throw SystemError(e.errnoValue(), cannotWrite(m_path));
  }
}

void AtomicFile::commit() {
  if (m_committed) return;
  if (inPlace()) {
    m_committed = true;
    return;
  }
  if (sys.fsync(m_fd.get()) != 0) throw SystemError(errno, cannotWrite(m_path));
  // close can report a deferred write error (NFS): it must succeed too.
  if (sys.close(m_fd.release()) != 0) throw SystemError(errno, cannotWrite(m_path));
  if (::rename(m_tempPath.c_str(), m_path.c_str()) != 0) {
    throw SystemError(errno, cannotWrite(m_path));
  }
  m_committed = true;
  const std::string dir = directoryOf(m_path);
  Fd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), "directory of " + m_path);
  if (!dirFd || sys.fsync(dirFd.get()) != 0) {
    throw SystemError(errno, "cannot sync the directory of " + quotedPath(m_path));
  }
}

}  // namespace logmill::ipc
