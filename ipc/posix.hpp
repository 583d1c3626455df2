#pragma once
// Where logmill's coordinator and workers call the operating system for
// pipes, processes, polling and shared memory (the bench harness forks and
// times its own measured children: engine/bench/BenchChild.cpp). Every call goes through the `sys` table so tests can make it
// fail on purpose (EINTR, EPIPE, ENOSPC, ...), and every failure becomes a
// SystemError whose message names the thing that failed.

#include <poll.h>
#include <spawn.h>
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace logmill::ipc {

/// A failed system call, with what we were doing:
/// `what()` == "write to worker 3 pipe: Broken pipe".
class SystemError : public std::system_error {
 public:
  /// `context` says what was being done, e.g. "write to worker 3 pipe".
  SystemError(int errnoValue, const std::string& context);
  [[nodiscard]] int errnoValue() const noexcept { return code().value(); }
};

/// The system calls ipc makes, as swappable function pointers. Tests replace
/// entries (see ScopedSysOverride) to inject failures; production never does.
/// Each entry has the libc signature and errno convention of its namesake.
struct SysCalls {
  ssize_t (*read)(int fd, void* buf, std::size_t n);
  ssize_t (*write)(int fd, const void* buf, std::size_t n);
  int (*close)(int fd);
  int (*pipe2)(int fds[2], int flags);
  int (*poll)(struct pollfd* fds, nfds_t n, int timeoutMs);
  int (*kill)(pid_t pid, int sig);
  pid_t (*waitpid)(pid_t pid, int* status, int options);
  /// Returns an error number (not -1/errno), like posix_spawn(3).
  int (*posixSpawn)(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                    const posix_spawnattr_t* attr, char* const argv[], char* const envp[]);
  ssize_t (*getrandom)(void* buf, std::size_t n, unsigned flags);
  /// Returns an error number (not -1/errno), like posix_fallocate(3).
  int (*posixFallocate)(int fd, off_t offset, off_t length);
  int (*fsync)(int fd);
};

/// The live table. Only tests assign to it, and only through ScopedSysOverride.
extern SysCalls sys;

/// The real libc entries (what `sys` holds when nothing is overridden).
[[nodiscard]] const SysCalls& realSysCalls() noexcept;

/// Test helper: swaps in a modified table and restores the previous one on
/// destruction. Not thread-safe: install before starting threads that use ipc.
class ScopedSysOverride {
 public:
  explicit ScopedSysOverride(const SysCalls& replacement) : m_saved(sys) { sys = replacement; }
  ~ScopedSysOverride() { sys = m_saved; }
  ScopedSysOverride(const ScopedSysOverride&) = delete;
  ScopedSysOverride& operator=(const ScopedSysOverride&) = delete;

 private:
  SysCalls m_saved;
};

/// Owns one file descriptor: move-only, closes on destruction. Carries a
/// human name ("worker 3 results pipe") used in error messages.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd, std::string name = "fd") : m_fd(fd), m_name(std::move(name)) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept;
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  [[nodiscard]] int get() const noexcept { return m_fd; }
  [[nodiscard]] bool valid() const noexcept { return m_fd >= 0; }
  explicit operator bool() const noexcept { return valid(); }
  [[nodiscard]] const std::string& name() const noexcept { return m_name; }
  void setName(std::string name) { m_name = std::move(name); }

  /// Closes the descriptor now (if any); close errors are ignored because on
  /// Linux the descriptor is gone either way.
  void reset() noexcept;
  /// Gives up ownership without closing.
  [[nodiscard]] int release() noexcept;

 private:
  int m_fd = -1;
  std::string m_name = "fd";
};

/// Both ends of a pipe, each O_CLOEXEC so no child inherits them by accident.
struct Pipe {
  Fd readEnd;
  Fd writeEnd;
};

/// Creates an O_CLOEXEC pipe; `name` labels both ends in errors ("worker 3 pipe"
/// gives "write to worker 3 pipe: Broken pipe").
[[nodiscard]] Pipe makePipe(const std::string& name = "pipe");

/// Reads until `buf` is full or end of file; retries EINTR. Returns the bytes
/// read (fewer than buf.size() only at EOF). Throws SystemError
/// "read from <name>: ..." on any other error.
std::size_t readFull(int fd, std::span<std::byte> buf, std::string_view name);
inline std::size_t readFull(const Fd& fd, std::span<std::byte> buf) {
  return readFull(fd.get(), buf, fd.name());
}

/// Writes all of `data`; retries EINTR and short writes. Throws SystemError
/// "write to <name>: Broken pipe" when the reader is gone. The process must
/// ignore SIGPIPE (call ignoreSigpipe() once at start-up), otherwise that
/// write kills it instead: pipes have no MSG_NOSIGNAL.
void writeAll(int fd, std::span<const std::byte> data, std::string_view name);
inline void writeAll(const Fd& fd, std::span<const std::byte> data) {
  writeAll(fd.get(), data, fd.name());
}
inline void writeAll(const Fd& fd, std::string_view data) {
  writeAll(fd.get(), std::as_bytes(std::span(data.data(), data.size())), fd.name());
}

/// One read for a non-blocking descriptor, retrying EINTR. Returns nullopt if
/// nothing is available now (EAGAIN), 0 at end of file, else the bytes read.
[[nodiscard]] std::optional<std::size_t> readSome(int fd, std::span<std::byte> buf,
                                                  std::string_view name);

/// Sets or clears O_NONBLOCK.
void setNonBlocking(int fd, bool nonBlocking, std::string_view name);

/// poll(2) that survives EINTR by retrying with the remaining time. Returns
/// the number of ready entries (0 on timeout). A negative timeout waits forever.
int pollFds(std::span<struct pollfd> fds, std::chrono::milliseconds timeout);

/// Sets SIGPIPE to SIG_IGN for the whole process so a write to a dead peer's
/// pipe fails with EPIPE (a SystemError) instead of killing the process.
/// Call once, early, in both the coordinator and the worker.
void ignoreSigpipe();

/// Fills `buf` from getrandom(2) (blocking until the pool is ready, retrying
/// EINTR and short reads).
void randomBytes(std::span<std::byte> buf);

}  // namespace logmill::ipc
