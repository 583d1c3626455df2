#include "workers/input/FileSource.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "workers/input/InputError.hpp"
#include "workers/input/Prefetcher.hpp"

namespace logmill::workers {
namespace {

[[noreturn]] void throwOpenError(const std::string& path, int err) {
  throw InputError("cannot open '" + path + "': " + std::strerror(err));
}

}  // namespace

FileSource::FileSource(std::string path) : m_path(std::move(path)) {
  if (m_path == "-") {
    m_fd = STDIN_FILENO;
  } else {
    do {
      m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (m_fd < 0 && errno == EINTR);
    if (m_fd < 0) throwOpenError(m_path, errno);
    m_ownsFd = true;
  }
  checkOpened();
}

FileSource::FileSource(std::string name, int fd) : m_path(std::move(name)), m_fd(fd) {
  if (m_fd < 0) throwOpenError(m_path, EBADF);
  m_ownsFd = true;
  checkOpened();
}

void FileSource::checkOpened() {
  struct stat st {};
  if (::fstat(m_fd, &st) != 0) {
    const int err = errno;
    if (m_ownsFd) ::close(m_fd);
    throwOpenError(m_path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    if (m_ownsFd) ::close(m_fd);
    throwOpenError(m_path, EISDIR);
  }
  m_seekable = S_ISREG(st.st_mode);
  m_buffer = std::make_unique_for_overwrite<std::uint8_t[]>(kBlockSize);
}

FileSource::~FileSource() {
  m_prefetcher.reset();  // its thread reads m_fd
  if (m_ownsFd) ::close(m_fd);
}

std::span<const std::uint8_t> FileSource::head() {
  if (!m_headPending && m_headSize == 0) {
    if (m_seekable) {
      // A few bytes are enough to tell gzip from text; reading them again
      // later from the page cache costs nothing.
      m_headSize = readFull({m_buffer.get(), 16});
      m_offset = 0;
    } else {
      m_headSize = readFull({m_buffer.get(), kBlockSize});
      m_headPending = true;
    }
  }
  return {m_buffer.get(), m_headSize};
}

void FileSource::start(std::uint64_t offset, bool prefetch) {
  if (!m_seekable) return;
  m_offset = offset;
  // Sequential advice doubles the kernel's read-ahead window; failure only
  // costs speed, so it is not an error.
  (void)::posix_fadvise(m_fd, static_cast<off_t>(offset), 0, POSIX_FADV_SEQUENTIAL);
  if (prefetch) {
    m_prefetcher = std::make_unique<Prefetcher>(
        [this](std::span<std::uint8_t> dst) { return readFull(dst); }, kBlockSize);
  }
}

std::span<const std::uint8_t> FileSource::next() {
  std::span<const std::uint8_t> block;
  if (m_headPending) {
    m_headPending = false;
    block = {m_buffer.get(), m_headSize};
  } else if (m_prefetcher) {
    block = m_prefetcher->next();
  } else {
    block = {m_buffer.get(), readFull({m_buffer.get(), kBlockSize})};
  }
  m_bytesRead += block.size();
  return block;
}

std::size_t FileSource::readInto(std::span<std::uint8_t> dst) {
  if (m_pendingError) std::rethrow_exception(m_pendingError);
  std::size_t got = 0;
  try {
    if (m_headPending || m_prefetcher || !m_block.empty()) {
      copyBlocks(dst, got);
    } else {
      readFull(dst, got);
      m_bytesRead += got;
    }
  } catch (const InputError&) {
    m_pendingError = std::current_exception();
    if (got == 0) throw;
  }
  return got;
}

void FileSource::copyBlocks(std::span<std::uint8_t> dst, std::size_t& got) {
  while (got < dst.size()) {
    if (m_block.empty()) {
      m_block = next();
      if (m_block.empty()) return;
    }
    const std::size_t n = std::min(m_block.size(), dst.size() - got);
    std::memcpy(dst.data() + got, m_block.data(), n);
    m_block = m_block.subspan(n);
    got += n;
  }
}

std::size_t FileSource::readFull(std::span<std::uint8_t> dst) {
  std::size_t got = 0;
  readFull(dst, got);
  return got;
}

// Loops until `dst` is full or the input ends, so a short block means the
// end. `got` counts as it goes, so a caller knows what arrived before an error.
void FileSource::readFull(std::span<std::uint8_t> dst, std::size_t& got) {
  while (got < dst.size()) {
    const std::size_t want = dst.size() - got;
    const ssize_t n = m_seekable
                          ? ::pread(m_fd, dst.data() + got, want, static_cast<off_t>(m_offset))
                          : ::read(m_fd, dst.data() + got, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError("cannot read '" + m_path + "' at byte " + std::to_string(m_offset) + ": " +
                       std::strerror(errno));
    }
    if (n == 0) return;
    got += static_cast<std::size_t>(n);
    m_offset += static_cast<std::uint64_t>(n);
  }
}

}  // namespace logmill::workers
