#include "ipc/ChildProcess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <utility>

extern char** environ;

namespace logmill::ipc {

namespace {

// Owns the posix_spawn attribute objects for the duration of one spawn.
struct SpawnPlan {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnPlan() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnPlan() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnPlan(const SpawnPlan&) = delete;
  SpawnPlan& operator=(const SpawnPlan&) = delete;
};

void check(int rc, const std::string& what) {
  if (rc != 0) throw SystemError(rc, what);
}

// Each source descriptor is first duplicated above every target number, so
// that dup2 in the child never overwrites a source that a later mapping still
// needs, and never degenerates to dup2(fd, fd), which would keep FD_CLOEXEC.
std::vector<Fd> addFdActions(SpawnPlan& plan, const std::vector<FdMapping>& fds,
                             const std::string& context) {
  int maxTarget = 2;
  for (const FdMapping& m : fds) {
    if (m.childFd < 0) throw std::invalid_argument(context + ": negative child fd");
    maxTarget = std::max(maxTarget, m.childFd);
  }
  std::vector<Fd> temps;
  for (const FdMapping& m : fds) {
    const int temp = ::fcntl(m.parentFd, F_DUPFD_CLOEXEC, maxTarget + 1);
    if (temp < 0)
      throw SystemError(errno, context + ": duplicate fd " + std::to_string(m.parentFd));
    temps.emplace_back(temp, "spawn temp fd");
    check(posix_spawn_file_actions_adddup2(&plan.actions, temp, m.childFd), context);
  }
  // Close numbers between 3 and maxTarget that are not targets (a descriptor
  // someone opened without O_CLOEXEC), then everything above maxTarget.
  for (int fd = 3; fd < maxTarget; ++fd) {
    const bool isTarget =
        std::any_of(fds.begin(), fds.end(), [fd](const FdMapping& m) { return m.childFd == fd; });
    if (!isTarget) check(posix_spawn_file_actions_addclose(&plan.actions, fd), context);
  }
  check(posix_spawn_file_actions_addclosefrom_np(&plan.actions, maxTarget + 1), context);
  return temps;
}

void setAttributes(SpawnPlan& plan, bool newProcessGroup, const std::string& context) {
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (newProcessGroup) {
    flags |= POSIX_SPAWN_SETPGROUP;
    check(posix_spawnattr_setpgroup(&plan.attr, 0), context);
  }
  check(posix_spawnattr_setsigmask(&plan.attr, &none), context);
  check(posix_spawnattr_setsigdefault(&plan.attr, &all), context);
  check(posix_spawnattr_setflags(&plan.attr, flags), context);
}

std::vector<char*> cStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

const char* signalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? abbrev : "unknown";
}

}  // namespace

std::string ExitStatus::describe() const {
  if (exited()) return "exited with status " + std::to_string(code);
  std::string text =
      "killed by signal " + std::to_string(signal) + " (SIG" + signalName(signal) + ")";
  if (coreDumped) text += " (core dumped)";
  return text;
}

ExitStatus ExitStatus::fromWaitStatus(int status) {
  ExitStatus out;
  if (WIFEXITED(status)) {
    out.kind = Kind::Exited;
    out.code = WEXITSTATUS(status);
  } else {
    out.kind = Kind::Signaled;
    out.signal = WTERMSIG(status);
    out.coreDumped = WCOREDUMP(status);
  }
  return out;
}

ChildProcess ChildProcess::spawn(const SpawnOptions& options) {
  const std::string context = "spawn " + options.path;
  if (options.path.empty() || options.path.front() != '/') {
    throw std::invalid_argument(context + ": the program path must be absolute");
  }
  SpawnPlan plan;
  const std::vector<Fd> temps = addFdActions(plan, options.fds, context);
  setAttributes(plan, options.newProcessGroup, context);

  const std::vector<std::string> argvStrings =
      options.argv.empty() ? std::vector<std::string>{options.path} : options.argv;
  std::vector<char*> argv = cStrings(argvStrings);
  std::vector<char*> envStorage;
  char* const* envp = environ;
  if (options.env) {
    envStorage = cStrings(*options.env);
    envp = envStorage.data();
  }
  pid_t pid = -1;
  check(sys.posixSpawn(&pid, options.path.c_str(), &plan.actions, &plan.attr, argv.data(), envp),
        context);
  return ChildProcess(pid);
}

ChildProcess::~ChildProcess() {
  killAndReap();
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)),
      m_status(std::exchange(other.m_status, std::nullopt)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    killAndReap();
    m_pid = std::exchange(other.m_pid, -1);
    m_status = std::exchange(other.m_status, std::nullopt);
  }
  return *this;
}

void ChildProcess::killAndReap() noexcept {
  if (!running()) return;
  sys.kill(m_pid, SIGKILL);
  int status = 0;
  while (sys.waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
  m_status = ExitStatus::fromWaitStatus(status);
}

bool ChildProcess::kill(int sig) {
  if (!running()) return false;
  if (sys.kill(m_pid, sig) != 0) {
    throw SystemError(errno,
                      "send signal " + std::to_string(sig) + " to child " + std::to_string(m_pid));
  }
  return true;
}

std::optional<ExitStatus> ChildProcess::tryWait() {
  if (!running()) return m_status;
  int status = 0;
  for (;;) {
    const pid_t r = sys.waitpid(m_pid, &status, WNOHANG);
    if (r == 0) return std::nullopt;
    if (r == m_pid) break;
    if (errno != EINTR) throw SystemError(errno, "wait for child " + std::to_string(m_pid));
  }
  m_status = ExitStatus::fromWaitStatus(status);
  return m_status;
}

ExitStatus ChildProcess::wait() {
  if (!running()) {
    if (!m_status) throw std::logic_error("ChildProcess::wait: no child");
    return *m_status;
  }
  int status = 0;
  while (sys.waitpid(m_pid, &status, 0) < 0) {
    if (errno != EINTR) throw SystemError(errno, "wait for child " + std::to_string(m_pid));
  }
  m_status = ExitStatus::fromWaitStatus(status);
  return *m_status;
}

std::optional<ExitStatus> ChildProcess::waitFor(std::chrono::milliseconds timeout) {
  if (auto done = tryWait()) return done;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Fd pidFd = openPidFd();
  // Waiting on the pidfd wakes us the moment the child ends; the sleep loop
  // is only a fallback for kernels without pidfd.
  auto pause = std::chrono::milliseconds(1);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (pidFd) {
      struct pollfd pfd {
        pidFd.get(), POLLIN, 0
      };
      pollFds(std::span(&pfd, 1), left);
    } else {
      std::this_thread::sleep_for(std::min(pause, left));
      pause = std::min(pause * 2, std::chrono::milliseconds(20));
    }
    if (auto done = tryWait()) return done;
  }
  return tryWait();
}

Fd ChildProcess::openPidFd() const {
  if (!running()) return Fd();
  const long fd = ::syscall(SYS_pidfd_open, m_pid, 0);
  if (fd < 0) return Fd();
  ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
  return Fd(static_cast<int>(fd), "pidfd of child " + std::to_string(m_pid));
}

std::string selfExePath() {
  std::string buf(256, '\0');
  for (;;) {
    const ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size());
    if (n < 0) throw SystemError(errno, "readlink /proc/self/exe");
    if (static_cast<std::size_t>(n) < buf.size()) {
      buf.resize(static_cast<std::size_t>(n));
      return buf;
    }
    buf.resize(buf.size() * 2);
  }
}

void setParentDeathSignal(pid_t expectedParentPid) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) throw SystemError(errno, "prctl(PR_SET_PDEATHSIG)");
  // The parent may have died before prctl took effect; then no signal will
  // ever come, and we must not run on as an orphan.
  if (::getppid() != expectedParentPid) ::_exit(kOrphanExitCode);
}

}  // namespace logmill::ipc
