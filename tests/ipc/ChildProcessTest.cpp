#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "ipc/ChildProcess.hpp"

namespace logmill::ipc {
namespace {

using namespace std::chrono_literals;

SpawnOptions shell(const std::string& script) {
  SpawnOptions o;
  o.path = "/bin/sh";
  o.argv = {"sh", "-c", script};
  return o;
}

std::string readAll(Fd& fd) {
  std::string out;
  std::array<std::byte, 4096> buf{};
  for (;;) {
    const std::size_t n = readFull(fd, buf);
    out.append(reinterpret_cast<const char*>(buf.data()), n);
    if (n < buf.size()) return out;
  }
}

bool processExists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

int gCalls = 0;
int failingSpawn(pid_t*, const char*, const posix_spawn_file_actions_t*, const posix_spawnattr_t*,
                 char* const[], char* const[]) {
  ++gCalls;
  return EAGAIN;
}

TEST(ChildProcess, ReportsExitStatus) {
  ChildProcess child = ChildProcess::spawn(shell("exit 3"));
  EXPECT_GT(child.pid(), 0);
  const ExitStatus status = child.wait();
  EXPECT_TRUE(status.exited());
  EXPECT_EQ(status.code, 3);
  EXPECT_FALSE(status.success());
  EXPECT_EQ(status.describe(), "exited with status 3");
  EXPECT_FALSE(child.running());
  EXPECT_FALSE(child.kill(SIGTERM));  // reaped: nobody to signal
}

TEST(ChildProcess, TrueSucceeds) {
  SpawnOptions o;
  o.path = "/bin/true";  // argv empty: defaults to {path}
  ChildProcess child = ChildProcess::spawn(o);
  EXPECT_TRUE(child.wait().success());
}

TEST(ChildProcess, DescribesDeathBySignal) {
  // exec: no orphaned sleep keeps ctest's output pipe open for 30 s
  ChildProcess child = ChildProcess::spawn(shell("exec sleep 30"));
  EXPECT_EQ(child.tryWait(), std::nullopt);
  EXPECT_TRUE(child.kill(SIGTERM));
  const ExitStatus status = child.wait();
  EXPECT_TRUE(status.signaled());
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_EQ(status.describe(), "killed by signal 15 (SIGTERM)");

  ChildProcess self = ChildProcess::spawn(shell("kill -KILL $$"));
  EXPECT_EQ(self.wait().describe(), "killed by signal 9 (SIGKILL)");
}

TEST(ChildProcess, KillAndReapEndsARunningChildAndIsIdempotent) {
  // exec: no orphaned sleep keeps ctest's output pipe open for 30 s
  ChildProcess child = ChildProcess::spawn(shell("exec sleep 30"));
  ASSERT_TRUE(child.running());
  child.killAndReap();
  EXPECT_FALSE(child.running());
  ASSERT_TRUE(child.status().has_value());
  EXPECT_EQ(child.status()->signal, SIGKILL);
  child.killAndReap();  // nothing left to kill: no signal, no second wait
  EXPECT_EQ(child.status()->signal, SIGKILL);

  ChildProcess done = ChildProcess::spawn(shell("exit 4"));
  (void)done.wait();
  done.killAndReap();  // an ended child keeps its own status
  EXPECT_EQ(done.status()->describe(), "exited with status 4");
}

TEST(ChildProcess, ChildWritesToMappedFd4) {
  Pipe results = makePipe("results");
  ChildProcess child = ChildProcess::spawn([&] {
    SpawnOptions o = shell("echo hello from fd 4 >&4");
    o.fds = {{results.writeEnd.get(), kWorkerResultsFd}};
    return o;
  }());
  results.writeEnd.reset();  // EOF below proves the child held no other copy
  EXPECT_EQ(readAll(results.readEnd), "hello from fd 4\n");
  EXPECT_TRUE(child.wait().success());
}

TEST(ChildProcess, ControlAndResultsPipesAtFixedNumbers) {
  Pipe control = makePipe("control");
  Pipe results = makePipe("results");
  SpawnOptions o = shell("read line <&3; echo \"got $line\" >&4");
  o.fds = {{control.readEnd.get(), kWorkerControlFd}, {results.writeEnd.get(), kWorkerResultsFd}};
  ChildProcess child = ChildProcess::spawn(o);
  control.readEnd.reset();
  results.writeEnd.reset();
  writeAll(control.writeEnd, std::string_view("ping\n"));
  EXPECT_EQ(readAll(results.readEnd), "got ping\n");
  EXPECT_TRUE(child.wait().success());
}

TEST(ChildProcess, MappingsThatSwapNumbersDoNotClobberEachOther) {
  // Parent fds 8 and 9 go to child 9 and 8: a naive dup2 sequence would
  // overwrite 9 before using it, and dup2(8, 8) would keep FD_CLOEXEC.
  // (Single digits: dash cannot redirect to fd 10 and above.)
  ASSERT_EQ(::fcntl(8, F_GETFD), -1) << "fd 8 already in use by the test process";
  ASSERT_EQ(::fcntl(9, F_GETFD), -1) << "fd 9 already in use by the test process";
  Pipe a = makePipe("a");
  Pipe b = makePipe("b");
  ASSERT_EQ(::dup3(a.writeEnd.get(), 8, O_CLOEXEC), 8);
  ASSERT_EQ(::dup3(b.writeEnd.get(), 9, O_CLOEXEC), 9);
  Fd fd8(8);
  Fd fd9(9);
  a.writeEnd.reset();
  b.writeEnd.reset();
  SpawnOptions o = shell("echo to-9 >&9; echo to-8 >&8");
  o.fds = {{8, 9}, {9, 8}};
  ChildProcess child = ChildProcess::spawn(o);
  fd8.reset();
  fd9.reset();
  EXPECT_EQ(readAll(a.readEnd), "to-9\n");  // a was parent fd 8 -> child fd 9
  EXPECT_EQ(readAll(b.readEnd), "to-8\n");
  EXPECT_TRUE(child.wait().success());
}

TEST(ChildProcess, UnmappedDescriptorsAreClosedEvenWithoutCloexec) {
  Pipe p = makePipe();
  ASSERT_EQ(::dup2(p.readEnd.get(), 45), 45);  // dup2: no FD_CLOEXEC
  Fd leaky(45);
  ASSERT_FALSE(::fcntl(45, F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(::dup2(p.readEnd.get(), 60), 60);
  Fd leakyHigh(60);
  SpawnOptions o = shell(
      "[ -e /proc/$$/fd/45 ] && exit 1; [ -e /proc/$$/fd/60 ] && exit 2;"
      "[ -e /proc/$$/fd/50 ] || exit 3; exit 0");
  o.fds = {{p.writeEnd.get(), 50}};
  ChildProcess child = ChildProcess::spawn(o);
  EXPECT_EQ(child.wait().describe(), "exited with status 0");
}

TEST(ChildProcess, StartsWithDefaultSignalDispositions) {
  ignoreSigpipe();  // inherited SIG_IGN would make the child immune to SIGPIPE
  ChildProcess child = ChildProcess::spawn(shell("kill -PIPE $$; exit 7"));
  EXPECT_EQ(child.wait().describe(), "killed by signal 13 (SIGPIPE)");
}

TEST(ChildProcess, PassesExplicitEnvironment) {
  Pipe out = makePipe();
  SpawnOptions o = shell("echo \"$LOGMILL_X\" >&4");
  o.env = std::vector<std::string>{"LOGMILL_X=42"};
  o.fds = {{out.writeEnd.get(), 4}};
  ChildProcess child = ChildProcess::spawn(o);
  out.writeEnd.reset();
  EXPECT_EQ(readAll(out.readEnd), "42\n");
  EXPECT_TRUE(child.wait().success());
}

TEST(ChildProcess, DestructorKillsAndReapsARunningChild) {
  pid_t pid = -1;
  {
    ChildProcess child = ChildProcess::spawn(shell("exec sleep 30"));
    pid = child.pid();
    ASSERT_TRUE(processExists(pid));
  }
  EXPECT_FALSE(processExists(pid));  // gone, not even a zombie
}

TEST(ChildProcess, DestructorKillsAStoppedChild) {
  pid_t pid = -1;
  {
    ChildProcess child = ChildProcess::spawn(shell("exec sleep 30"));
    pid = child.pid();
    child.kill(SIGSTOP);
  }
  EXPECT_FALSE(processExists(pid));
}

TEST(ChildProcess, MoveAssignmentKillsThePreviousChild) {
  ChildProcess a = ChildProcess::spawn(shell("exec sleep 30"));
  const pid_t first = a.pid();
  a = ChildProcess::spawn(shell("exit 4"));
  EXPECT_FALSE(processExists(first));
  EXPECT_EQ(a.wait().code, 4);
}

TEST(ChildProcess, WaitForTimesOutThenSeesTheExit) {
  ChildProcess child = ChildProcess::spawn(shell("exec sleep 30"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(child.waitFor(50ms), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 49ms);
  child.kill(SIGKILL);
  const auto status = child.waitFor(5s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->signal, SIGKILL);
}

TEST(ChildProcess, PidFdBecomesReadableWhenTheChildEnds) {
  ChildProcess child = ChildProcess::spawn(shell("exec sleep 30"));
  Fd pidFd = child.openPidFd();
  ASSERT_TRUE(pidFd.valid());
  struct pollfd pfd {
    pidFd.get(), POLLIN, 0
  };
  EXPECT_EQ(pollFds(std::span(&pfd, 1), 20ms), 0);
  child.kill(SIGKILL);
  EXPECT_EQ(pollFds(std::span(&pfd, 1), 5000ms), 1);
  EXPECT_TRUE(child.tryWait().has_value());
}

TEST(ChildProcess, MissingProgramIsASystemErrorNamingIt) {
  SpawnOptions o;
  o.path = "/nonexistent/logmill";
  try {
    (void)ChildProcess::spawn(o);
    FAIL() << "spawn of a missing program did not throw";
  } catch (const SystemError& e) {
    EXPECT_STREQ(e.what(), "spawn /nonexistent/logmill: No such file or directory");
  }
}

TEST(ChildProcess, RelativePathIsRefused) {
  SpawnOptions o;
  o.path = "sh";  // no PATH lookup, ever
  EXPECT_THROW((void)ChildProcess::spawn(o), std::invalid_argument);
}

TEST(ChildProcess, InjectedSpawnFailure) {
  SysCalls calls = realSysCalls();
  calls.posixSpawn = failingSpawn;
  ScopedSysOverride failing(calls);
  gCalls = 0;
  try {
    (void)ChildProcess::spawn(shell("exit 0"));
    FAIL() << "spawn did not throw";
  } catch (const SystemError& e) {
    EXPECT_EQ(e.errnoValue(), EAGAIN);
    EXPECT_STREQ(e.what(), "spawn /bin/sh: Resource temporarily unavailable");
  }
  EXPECT_EQ(gCalls, 1);
}

TEST(SelfExePath, IsTheAbsolutePathOfThisTestBinary) {
  const std::string self = selfExePath();
  ASSERT_FALSE(self.empty());
  EXPECT_EQ(self.front(), '/');
  EXPECT_EQ(std::filesystem::path(self).filename(), "ipc_tests");
  EXPECT_TRUE(std::filesystem::equivalent(self, "/proc/self/exe"));
}

TEST(ParentDeathSignal, ExitsAtOnceIfTheParentIsAlreadyGone) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setParentDeathSignal(::getppid() + 100000);  // "the parent that started us is gone"
    ::_exit(0);                                  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_EQ(ExitStatus::fromWaitStatus(status).describe(),
            "exited with status " + std::to_string(kOrphanExitCode));
}

TEST(ParentDeathSignal, WorkerIsKilledWhenItsParentDies) {
  // We become a subreaper so the orphaned grandchild is reparented to us and
  // we can see how it died.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  Pipe ready = makePipe("worker -> middle");
  Pipe report = makePipe("middle -> test");
  const pid_t middle = ::fork();
  ASSERT_GE(middle, 0);
  if (middle == 0) {
    const pid_t worker = ::fork();
    if (worker == 0) {
      setParentDeathSignal(::getppid());
      ::alarm(10);  // if the death signal never comes, die of SIGALRM instead of hanging
      const pid_t self = ::getpid();
      (void)!::write(ready.writeEnd.get(), &self, sizeof self);
      for (;;) ::pause();
    }
    pid_t workerPid = 0;
    (void)!::read(ready.readEnd.get(), &workerPid, sizeof workerPid);
    (void)!::write(report.writeEnd.get(), &workerPid, sizeof workerPid);
    ::_exit(0);  // the coordinator dies; the worker must follow
  }
  report.writeEnd.reset();
  int status = 0;
  ASSERT_EQ(::waitpid(middle, &status, 0), middle);
  pid_t worker = 0;
  ASSERT_EQ(readFull(report.readEnd, std::as_writable_bytes(std::span(&worker, 1))), sizeof worker);
  ASSERT_EQ(::waitpid(worker, &status, 0), worker);
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  EXPECT_EQ(ExitStatus::fromWaitStatus(status).describe(), "killed by signal 9 (SIGKILL)");
}

}  // namespace
}  // namespace logmill::ipc
