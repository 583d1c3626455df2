#pragma once
// Runs one benchmarked command in a child process and measures it from the
// outside: wall time on the steady clock, and the kernel's peak-RSS figure
// for the child and its reaped descendants.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/ChildProcess.hpp"

namespace logmill::engine {

/// A program and its argv, run without a shell and without a PATH lookup.
struct BenchCommand {
  std::string path;                   ///< absolute path of the program
  std::vector<std::string> argv;      ///< argv[0] included
  std::vector<std::string> extraEnv;  ///< "NAME=value", added to the inherited environment
};

/// What one run of a command cost.
struct ChildTiming {
  double seconds = 0;    ///< steady clock, from just before spawn to reaping
  double peakRssMb = 0;  ///< wait4 ru_maxrss: largest single process among the child and
                         ///< its reaped descendants (a maximum, not a sum), in MB
  ipc::ExitStatus status;
};

/// Runs `command` with stdout written to `stdoutPath` (truncated) and stderr
/// to `stderrPath`, waits for it and reports its cost. Throws
/// ipc::SystemError if it cannot be started.
[[nodiscard]] ChildTiming timeChild(const BenchCommand& command, const std::string& stdoutPath,
                                    const std::string& stderrPath);

/// Absolute path of the executable `name` on $PATH, or nullopt.
[[nodiscard]] std::optional<std::string> findOnPath(std::string_view name);

/// `command` as a shell-like string for reports ("zcat -- a.gz | ...").
[[nodiscard]] std::string describeCommand(const BenchCommand& command);

}  // namespace logmill::engine
