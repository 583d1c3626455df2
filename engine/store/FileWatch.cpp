#include "engine/store/FileWatch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>

#include "engine/Interrupted.hpp"

namespace logmill::engine::store {
namespace {

constexpr std::uint32_t kDirectoryEvents =
    IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB;
constexpr std::uint32_t kFileEvents = IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF;

bool hidden(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name.front() == '.';
}

}  // namespace

FileWatch::FileWatch(bool poll) : m_fd(poll ? -1 : ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

FileWatch::~FileWatch() {
  if (m_fd >= 0) ::close(m_fd);
}

int FileWatch::add(const std::string& path, std::uint32_t mask) {
  if (m_fd < 0) return -1;
  const int wd = ::inotify_add_watch(m_fd, path.c_str(), mask);
  // A path that is not there yet is seen through its directory's watch;
  // anything else (ENOSPC: out of watches) leaves only polling.
  if (wd < 0 && errno != ENOENT) m_failed = true;
  return wd;
}

void FileWatch::watchDirectory(const std::string& path, bool recursive) {
  const int wd = add(path, kDirectoryEvents | IN_ONLYDIR);
  if (!recursive || wd < 0) return;
  m_recursiveDirs[wd] = path;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const bool directory = it->is_directory(ec) && !it->is_symlink(ec);
    if (!directory) continue;
    if (hidden(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    const int sub = add(it->path().string(), kDirectoryEvents | IN_ONLYDIR);
    if (sub >= 0) m_recursiveDirs[sub] = it->path().string();
  }
}

void FileWatch::watchFile(const std::string& path) {
  add(path, kFileEvents);
}

bool FileWatch::drainEvents() {
  alignas(inotify_event) char buffer[16384];
  bool any = false;
  for (;;) {
    const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return any;
    any = true;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      const auto dir = m_recursiveDirs.find(e->wd);
      if (dir == m_recursiveDirs.end() || !(e->mask & IN_ISDIR) || e->len == 0) continue;
      if (e->mask & (IN_CREATE | IN_MOVED_TO)) {
        const std::string name(e->name);
        if (!name.empty() && name.front() != '.') watchDirectory(dir->second + "/" + name, true);
      }
    }
  }
}

FileWatch::Wake FileWatch::wait(std::chrono::milliseconds timeout, bool changes) {
  // SIGINT/SIGTERM are blocked from the check until ppoll, which unblocks
  // them atomically: a signal in between ends the wait at once.
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &block, &old);
  sigset_t waiting = old;  // the caller may hold them blocked: ppoll lets them in
  sigdelset(&waiting, SIGINT);
  sigdelset(&waiting, SIGTERM);
  Wake wake = Wake::kTimeout;
  if (pendingInterrupt() == 0) {
    pollfd fd{m_fd, POLLIN, 0};
    const timespec ts{static_cast<time_t>(timeout.count() / 1000),
                      static_cast<long>(timeout.count() % 1000) * 1000000L};
    const int n = ::ppoll(&fd, changes && m_fd >= 0 ? 1 : 0, &ts, &waiting);
    if (n > 0 && drainEvents()) wake = Wake::kChange;
  }
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  if (pendingInterrupt() != 0) wake = Wake::kSignal;
  return wake;
}

}  // namespace logmill::engine::store
