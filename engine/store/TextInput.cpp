#include "engine/store/TextInput.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "workers/input/Inflater.hpp"
#include "workers/input/InputError.hpp"

namespace logmill::engine::store {
namespace {

[[noreturn]] void throwErrno(const std::string& what, const std::string& path) {
  throw workers::InputError(what + " '" + path + "': " + std::strerror(errno));
}

std::unique_ptr<workers::InflaterStream> openInflater(workers::FileSource& source,
                                                      const std::string& path) {
  source.start(0, false);
  return std::make_unique<workers::InflaterStream>(
      workers::makeInflater(), [&source] { return source.next(); }, path);
}

}  // namespace

int TextInput::dupFd() const {
  const int fd = ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) throwErrno("cannot read", m_path);
  return fd;
}

TextInput::TextInput(std::string path) : m_path(std::move(path)) {
  m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (m_fd < 0) throwErrno("cannot open", m_path);
  struct stat st {};
  if (::fstat(m_fd, &st) != 0) throwErrno("cannot open", m_path);
  if (!S_ISREG(st.st_mode)) {
    ::close(m_fd);
    m_fd = -1;
    throw workers::InputError("cannot open '" + m_path + "': not a regular file");
  }
  const std::string magic = readAt(0, 2);
  // Under two bytes, plain and gzip cannot be told apart yet: the file is
  // being created (gzip or logrotate compressing), so it is read as empty
  // now, never as whatever bytes arrive before head() or read().
  m_unknownYet = magic.size() < 2;
  m_gzip = magic == "\x1f\x8b";
  if (!m_gzip && !m_unknownYet && m_path.ends_with(".gz")) {
    ::close(m_fd);
    m_fd = -1;
    throw workers::InputError(m_path + ": not a gzip file (bad magic)");
  }
}

TextInput::~TextInput() {
  if (m_fd >= 0) ::close(m_fd);
}

std::optional<GzipTrailer> TextInput::trailer() const {
  struct stat st {};
  if (::fstat(m_fd, &st) != 0 || st.st_size < 18) return std::nullopt;  // header + trailer
  unsigned char b[8];
  if (::pread(m_fd, b, 8, st.st_size - 8) != 8) return std::nullopt;
  const auto le32 = [](const unsigned char* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
  };
  return GzipTrailer{le32(b), le32(b + 4)};
}

std::string TextInput::head(std::size_t n) {
  if (m_unknownYet) return {};
  if (!m_gzip) return readAt(0, n);
  workers::FileSource source(m_path, dupFd());
  auto inflater = openInflater(source, m_path);
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const std::size_t k =
        inflater->read({reinterpret_cast<std::uint8_t*>(out.data()) + got, n - got});
    if (k == 0) break;
    got += k;
  }
  out.resize(got);
  return out;
}

std::uint64_t TextInput::plainSize() const {
  if (m_unknownYet) return 0;
  struct stat st {};
  if (::fstat(m_fd, &st) != 0) throwErrno("cannot read", m_path);
  return static_cast<std::uint64_t>(st.st_size);
}

std::string TextInput::readAt(std::uint64_t offset, std::size_t n) const {
  if (m_unknownYet) return {};
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t k = ::pread(m_fd, out.data() + got, n - got, static_cast<off_t>(offset + got));
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) throwErrno("cannot read", m_path);
    if (k == 0) break;
    got += static_cast<std::size_t>(k);
  }
  out.resize(got);
  return out;
}

void TextInput::start(std::uint64_t offset) {
  m_source = std::make_unique<workers::FileSource>(m_path, dupFd());
  if (m_gzip) {
    m_inflater = openInflater(*m_source, m_path);
  } else {
    m_source->start(offset, false);
  }
}

std::size_t TextInput::read(std::span<std::uint8_t> out) {
  if (m_unknownYet) return 0;
  return m_inflater ? m_inflater->read(out) : m_source->readInto(out);
}

std::uint64_t TextInput::bytesIn() const {
  return m_source ? m_source->bytesRead() : 0;
}

}  // namespace logmill::engine::store
