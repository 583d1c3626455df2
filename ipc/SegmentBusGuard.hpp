#pragma once
// A shared segment that another process truncates under us (same user:
// `truncate -s 0 /dev/shm/logmill-...`) turns the next touch of its memory
// into SIGBUS. While a guard lives, that SIGBUS ends the process with one
// clear line, the segment's name removed, and exit status 1, instead of a
// core dump that leaves the segment behind. Workers die with their parent
// (PR_SET_PDEATHSIG).

#include <csignal>
#include <string>

namespace logmill::ipc {

class SegmentBusGuard {
 public:
  /// Guards the segment `name` (as in /dev/shm) until destroyed. One guard
  /// at a time per process.
  explicit SegmentBusGuard(const std::string& name);
  ~SegmentBusGuard();
  SegmentBusGuard(const SegmentBusGuard&) = delete;
  SegmentBusGuard& operator=(const SegmentBusGuard&) = delete;

 private:
  struct sigaction m_old {};
};

}  // namespace logmill::ipc
