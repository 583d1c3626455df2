#pragma once
// One child process and its one owner. The coordinator spawns workers with an
// argv (never a shell, never a PATH lookup), hands them pipe ends at fixed fd
// numbers, and is guaranteed that no child outlives its ChildProcess object.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ipc/posix.hpp"

namespace logmill::ipc {

/// Control pipe read end, as seen by a worker.
inline constexpr int kWorkerControlFd = 3;
/// Results pipe write end, as seen by a worker.
inline constexpr int kWorkerResultsFd = 4;
/// Exit status of a worker that found its parent already gone at start-up.
inline constexpr int kOrphanExitCode = 125;

/// How a child ended.
struct ExitStatus {
  enum class Kind { Exited, Signaled };
  Kind kind = Kind::Exited;
  int code = 0;    ///< exit status when kind == Exited
  int signal = 0;  ///< terminating signal when kind == Signaled
  bool coreDumped = false;

  [[nodiscard]] bool exited() const noexcept { return kind == Kind::Exited; }
  [[nodiscard]] bool signaled() const noexcept { return kind == Kind::Signaled; }
  [[nodiscard]] bool success() const noexcept { return exited() && code == 0; }
  /// "exited with status 3" / "killed by signal 9 (SIGKILL)" / "... (core dumped)".
  [[nodiscard]] std::string describe() const;
  /// Decodes a waitpid(2) status word (must be an exit or a termination).
  [[nodiscard]] static ExitStatus fromWaitStatus(int status);
  friend bool operator==(const ExitStatus&, const ExitStatus&) = default;
};

/// Hands the parent's descriptor `parentFd` to the child as `childFd`.
struct FdMapping {
  int parentFd;
  int childFd;
};

struct SpawnOptions {
  /// Absolute path of the program (no PATH lookup), e.g. selfExePath().
  std::string path;
  /// Full argv, argv[0] included. Empty means {path}.
  std::vector<std::string> argv;
  /// Descriptors the child gets at fixed numbers. Every other descriptor
  /// above 2 is closed in the child; 0, 1 and 2 are inherited.
  std::vector<FdMapping> fds;
  /// Environment as "NAME=value"; nullopt inherits the parent's.
  std::optional<std::vector<std::string>> env;
  /// Put the child in its own process group, so a terminal's Ctrl-C reaches
  /// only the coordinator, which then shuts the workers down itself.
  bool newProcessGroup = false;
};

/// Owns a running (or finished but not yet reaped) child. Move-only. The
/// destructor SIGKILLs and reaps a child that is still running, so a child
/// never outlives its owner and never lingers as a zombie.
/// The child starts with default signal dispositions and an empty signal mask.
class ChildProcess {
 public:
  /// Starts the program. Throws SystemError "spawn <path>: <reason>" when the
  /// program cannot be started (missing, not executable, fork failed).
  [[nodiscard]] static ChildProcess spawn(const SpawnOptions& options);

  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The child's pid; -1 for a default-constructed object.
  [[nodiscard]] pid_t pid() const noexcept { return m_pid; }
  /// True until the child has been reaped by tryWait()/wait()/waitFor().
  [[nodiscard]] bool running() const noexcept { return m_pid > 0 && !m_status; }
  /// The exit status once reaped.
  [[nodiscard]] const std::optional<ExitStatus>& status() const noexcept { return m_status; }

  /// Sends `sig` if the child has not been reaped yet (a reaped pid may belong
  /// to someone else by now). Returns false if there was no one to signal.
  bool kill(int sig);
  /// Reaps the child if it has ended; nullopt if it is still running.
  std::optional<ExitStatus> tryWait();
  /// Blocks until the child ends (retrying EINTR) and reaps it.
  ExitStatus wait();
  /// Waits at most `timeout`; nullopt if the child is still running then.
  std::optional<ExitStatus> waitFor(std::chrono::milliseconds timeout);
  /// A pidfd(2) for the child: poll() reports it readable once the child has
  /// ended (waitFor sleeps on it instead of polling waitpid).
  [[nodiscard]] Fd openPidFd() const;
  /// SIGKILLs the child if it is still running and reaps it (what the
  /// destructor does); status() is set afterwards. Never throws.
  void killAndReap() noexcept;

 private:
  explicit ChildProcess(pid_t pid) : m_pid(pid) {}

  pid_t m_pid = -1;
  std::optional<ExitStatus> m_status;
};

/// Absolute path of the running executable (readlink("/proc/self/exe")).
[[nodiscard]] std::string selfExePath();

/// Worker side, first thing in main: asks the kernel to SIGKILL this process
/// when its parent dies (PR_SET_PDEATHSIG), then closes the race where the
/// parent died before that call: if getppid() != expectedParentPid the
/// process exits at once with kOrphanExitCode. The parent passes its pid in
/// argv. Note the death signal fires when the parent *thread* that spawned
/// the child exits, so spawn workers from a thread that outlives the pool.
void setParentDeathSignal(pid_t expectedParentPid);

}  // namespace logmill::ipc
