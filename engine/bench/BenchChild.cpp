#include "engine/bench/BenchChild.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "ipc/posix.hpp"

extern char** environ;

namespace logmill::engine {
namespace {

// In the child between fork and exec: only async-signal-safe calls. An
// errno that stops the exec goes back to the parent through `report`.
[[noreturn]] void execChild(const char* path, char* const argv[], char* const envp[],
                            const char* outPath, const char* errPath, int report) {
  const int flags = O_WRONLY | O_CREAT | O_TRUNC;
  const int out = ::open(outPath, flags, 0644);
  const int err = ::open(errPath, flags, 0644);
  if (out >= 0 && err >= 0 && ::dup2(out, 1) >= 0 && ::dup2(err, 2) >= 0)
    ::execve(path, argv, envp);
  const int e = errno;
  (void)!::write(report, &e, sizeof e);
  ::_exit(127);
}

std::vector<char*> cStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const std::string& x : extra)
      overridden |= x.compare(0, name.size() + 1, std::string(name) + "=") == 0;
    if (!overridden) env.emplace_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

}  // namespace

ChildTiming timeChild(const BenchCommand& command, const std::string& stdoutPath,
                      const std::string& stderrPath) {
  std::vector<std::string> argv = command.argv.empty() ? std::vector{command.path} : command.argv;
  std::vector<std::string> env = environment(command.extraEnv);
  std::vector<char*> cArgv = cStrings(argv);
  std::vector<char*> cEnv = cStrings(env);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) < 0)
    throw ipc::SystemError(errno, "pipe for spawn " + command.path);
  const ipc::Fd reader(report[0], "spawn report pipe");
  ipc::Fd writer(report[1], "spawn report pipe");

  // fork, not posix_spawn: a vfork-style spawn hands the child our whole
  // address space until exec, and Linux then counts our RSS in its ru_maxrss.
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw ipc::SystemError(errno, "fork for " + command.path);
  if (pid == 0) {
    execChild(command.path.c_str(), cArgv.data(), cEnv.data(), stdoutPath.c_str(),
              stderrPath.c_str(), report[1]);
  }
  writer.reset();
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw ipc::SystemError(errno, "wait for " + command.path);
  }
  ChildTiming t;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int childErrno = 0;
  if (::read(reader.get(), &childErrno, sizeof childErrno) == sizeof childErrno) {
    throw ipc::SystemError(childErrno, "spawn " + command.path);
  }
  t.peakRssMb = static_cast<double>(usage.ru_maxrss) * 1024 / 1e6;  // ru_maxrss is in KiB
  t.status = ipc::ExitStatus::fromWaitStatus(status);
  return t;
}

std::optional<std::string> findOnPath(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    const std::size_t colon = std::min(dirs.find(':'), dirs.size());
    std::string candidate = std::string(dirs.substr(0, colon)) + "/" + std::string(name);
    struct stat st {};
    if (colon > 0 && ::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    dirs.remove_prefix(std::min(colon + 1, dirs.size()));
  }
  return std::nullopt;
}

std::string describeCommand(const BenchCommand& command) {
  auto quote = [](const std::string& arg) {
    if (!arg.empty() && arg.find_first_of(" '\"$|&;<>()*?\\") == std::string::npos) return arg;
    std::string q = "'";
    for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::string out;
  for (const std::string& e : command.extraEnv) out += e + " ";
  const auto& argv = command.argv.empty() ? std::vector{command.path} : command.argv;
  for (std::size_t i = 0; i < argv.size(); ++i) out += (i ? " " : "") + quote(argv[i]);
  return out;
}

}  // namespace logmill::engine
