#pragma once
// What `ingest --follow` sleeps on: inotify watches on the followed files
// and directories (new subdirectories watched as they appear), or, where
// inotify cannot be had (no inotify, out of watches), a plain timeout. A
// wait also ends at SIGINT/SIGTERM caught by an InterruptGuard, with no
// window in which the signal can be missed.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace logmill::engine::store {

class FileWatch {
 public:
  /// Starts inotify (unless `poll`); if it cannot, the watch polls
  /// (active() false).
  explicit FileWatch(bool poll = false);
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

  /// Watches a directory (and, with `recursive`, every subdirectory not
  /// hidden) for entries created, written, moved or deleted. A failed
  /// watch turns the whole watch to polling.
  void watchDirectory(const std::string& path, bool recursive);
  /// Watches a file for writes and for being truncated, moved or deleted.
  void watchFile(const std::string& path);

  /// True while inotify sees every change; false: callers must poll.
  [[nodiscard]] bool active() const { return m_fd >= 0 && !m_failed; }

  enum class Wake { kChange, kTimeout, kSignal };
  /// Waits up to `timeout` for a change under a watch (any change since
  /// the last wait counts) or SIGINT/SIGTERM (pendingInterrupt());
  /// `changes` false: for the signal only (a sleep).
  [[nodiscard]] Wake wait(std::chrono::milliseconds timeout, bool changes = true);
  /// Forgets the changes seen so far.
  void discard() {
    if (m_fd >= 0) (void)drainEvents();
  }

 private:
  /// Reads the pending events; true if there was any.
  bool drainEvents();
  /// The watch descriptor, or -1.
  int add(const std::string& path, std::uint32_t mask);

  int m_fd = -1;
  bool m_failed = false;
  std::map<int, std::string> m_recursiveDirs;  // watch descriptor -> directory
};

}  // namespace logmill::engine::store
