#pragma once
// SIGINT/SIGTERM during a pool run: the handler only records the signal; the
// coordinator's loop sees it, stops its workers and unwinds, so every RAII
// owner (children, shared-memory segment) cleans up. Exit is 128 + signal.

#include <csignal>
#include <stdexcept>
#include <string>

namespace logmill::engine {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal)
      : std::runtime_error("interrupted by signal " + std::to_string(signal)), m_signal(signal) {}
  [[nodiscard]] int signal() const { return m_signal; }
  [[nodiscard]] int exitCode() const { return 128 + m_signal; }

 private:
  int m_signal;
};

/// The signal received since the guard was installed, or 0.
[[nodiscard]] int pendingInterrupt();

/// Installs SIGINT/SIGTERM handlers for its lifetime and restores the old ones.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction m_oldInt {};
  struct sigaction m_oldTerm {};
};

}  // namespace logmill::engine
