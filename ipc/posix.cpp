#include "ipc/posix.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <utility>

namespace logmill::ipc {

namespace {

// Thin adapters so every table entry has exactly the documented signature.
ssize_t realRead(int fd, void* buf, std::size_t n) {
  return ::read(fd, buf, n);
}
ssize_t realWrite(int fd, const void* buf, std::size_t n) {
  return ::write(fd, buf, n);
}
int realClose(int fd) {
  return ::close(fd);
}
int realPipe2(int fds[2], int flags) {
  return ::pipe2(fds, flags);
}
int realPoll(struct pollfd* fds, nfds_t n, int timeoutMs) {
  return ::poll(fds, n, timeoutMs);
}
int realKill(pid_t pid, int sig) {
  return ::kill(pid, sig);
}
pid_t realWaitpid(pid_t pid, int* status, int options) {
  return ::waitpid(pid, status, options);
}
int realPosixSpawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                   const posix_spawnattr_t* attr, char* const argv[], char* const envp[]) {
  return ::posix_spawn(pid, path, actions, attr, argv, envp);
}
ssize_t realGetrandom(void* buf, std::size_t n, unsigned flags) {
  return ::getrandom(buf, n, flags);
}
int realPosixFallocate(int fd, off_t offset, off_t length) {
  return ::posix_fallocate(fd, offset, length);
}
int realFsync(int fd) {
  return ::fsync(fd);
}

constexpr SysCalls kRealSysCalls{realRead,      realWrite,          realClose,   realPipe2,
                                 realPoll,      realKill,           realWaitpid, realPosixSpawn,
                                 realGetrandom, realPosixFallocate, realFsync};

std::string withName(std::string_view verb, std::string_view name) {
  std::string context(verb);
  context += ' ';
  context += name;
  return context;
}

}  // namespace

SysCalls sys = kRealSysCalls;

const SysCalls& realSysCalls() noexcept {
  return kRealSysCalls;
}

SystemError::SystemError(int errnoValue, const std::string& context)
    : std::system_error(errnoValue, std::generic_category(), context) {}

Fd::Fd(Fd&& other) noexcept : m_fd(other.m_fd), m_name(std::move(other.m_name)) {
  other.m_fd = -1;
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    m_fd = std::exchange(other.m_fd, -1);
    m_name = std::move(other.m_name);
  }
  return *this;
}

void Fd::reset() noexcept {
  if (m_fd >= 0) {
    // Never retry close on EINTR: Linux has already released the descriptor
    // and a retry could close one another thread just opened.
    sys.close(m_fd);
    m_fd = -1;
  }
}

int Fd::release() noexcept {
  return std::exchange(m_fd, -1);
}

Pipe makePipe(const std::string& name) {
  int fds[2];
  if (sys.pipe2(fds, O_CLOEXEC) != 0) throw SystemError(errno, withName("create", name));
  return Pipe{Fd(fds[0], name), Fd(fds[1], name)};
}

std::size_t readFull(int fd, std::span<std::byte> buf, std::string_view name) {
  std::size_t done = 0;
  while (done < buf.size()) {
    const ssize_t n = sys.read(fd, buf.data() + done, buf.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      throw SystemError(errno, withName("read from", name));
    }
  }
  return done;
}

void writeAll(int fd, std::span<const std::byte> data, std::string_view name) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = sys.write(fd, data.data() + done, data.size() - done);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
    } else if (errno != EINTR) {
      throw SystemError(errno, withName("write to", name));
    }
  }
}

std::optional<std::size_t> readSome(int fd, std::span<std::byte> buf, std::string_view name) {
  for (;;) {
    const ssize_t n = sys.read(fd, buf.data(), buf.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::nullopt;
    if (errno != EINTR) throw SystemError(errno, withName("read from", name));
  }
}

void setNonBlocking(int fd, bool nonBlocking, std::string_view name) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) throw SystemError(errno, withName("get flags of", name));
  const int wanted = nonBlocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (wanted != flags && ::fcntl(fd, F_SETFL, wanted) != 0) {
    throw SystemError(errno, withName("set O_NONBLOCK on", name));
  }
}

int pollFds(std::span<struct pollfd> fds, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const bool forever = timeout.count() < 0;
  const auto deadline = Clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  for (;;) {
    int waitMs = -1;
    if (!forever) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      waitMs = static_cast<int>(std::max<std::int64_t>(0, left.count()));
    }
    const int n = sys.poll(fds.data(), static_cast<nfds_t>(fds.size()), waitMs);
    if (n >= 0) return n;
    if (errno != EINTR) throw SystemError(errno, "poll worker pipes");
  }
}

void ignoreSigpipe() {
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  if (::sigaction(SIGPIPE, &action, nullptr) != 0) throw SystemError(errno, "ignore SIGPIPE");
}

void randomBytes(std::span<std::byte> buf) {
  std::size_t done = 0;
  while (done < buf.size()) {
    const ssize_t n = sys.getrandom(buf.data() + done, buf.size() - done, 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      throw SystemError(errno, "read random bytes (getrandom)");
    }
  }
}

}  // namespace logmill::ipc
