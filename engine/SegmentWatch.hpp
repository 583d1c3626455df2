#pragma once
// The coordinator's guard against its shared-memory segment being modified
// by another process mid-run (same user: the name is visible in `ps`). It
// holds the task queue against the coordinator's own record of every push
// (ipc::QueueAudit), and it notices a run that cannot progress although
// tasks remain, within kStallLimit whatever --task-timeout says:
// - the queue holds tasks, its head has not moved, and a worker kept saying
//   it is between tasks (idle heartbeats) long after they were there to take;
// - or the queue's lock stays taken while every live worker keeps beating
//   (a stopped worker holding it goes silent, and is --task-timeout's case).

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ipc/QueueAudit.hpp"
#include "ipc/TaskQueue.hpp"

namespace logmill::engine {

/// The run's segment was changed under it; the message names the segment.
class SegmentModified : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SegmentWatch {
 public:
  using Clock = std::chrono::steady_clock;
  /// How long a stall may last before it is taken for a modified segment.
  static constexpr std::chrono::seconds kStallLimit{4};
  /// A worker's idle heartbeat this long after tasks were queued means it
  /// polled the queue (every second at most) and found nothing to take.
  static constexpr std::chrono::milliseconds kIdleEvidence{2500};

  /// What the coordinator knows of one worker from its pipe.
  struct WorkerView {
    bool live = false;
    Clock::time_point lastHeard;
    std::optional<Clock::time_point> lastIdleBeat;
  };

  /// Watches `queue` of the segment at `segmentPath` (e.g. /dev/shm/logmill-...).
  SegmentWatch(ipc::TaskQueue& queue, std::string segmentPath)
      : m_queue(queue), m_path(std::move(segmentPath)) {}

  /// Records a slot the coordinator pushed (every push, sentinels too).
  void pushed(const ipc::TaskSlot& slot) { m_audit.pushed(slot); }
  /// Takes a snapshot of the queue (waiting at most a few milliseconds for
  /// its lock) and throws SegmentModified if it or the run's progress shows
  /// the segment was modified.
  void check(Clock::time_point now, const std::vector<WorkerView>& workers);

 private:
  void checkLockBusy(Clock::time_point now, const std::vector<WorkerView>& workers);
  void checkStall(Clock::time_point now, const ipc::TaskQueue::Snapshot& snapshot,
                  const std::vector<WorkerView>& workers);
  [[noreturn]] void fail(const std::string& what) const;

  ipc::TaskQueue& m_queue;
  std::string m_path;
  ipc::QueueAudit m_audit;
  std::optional<Clock::time_point> m_lockBusySince;
  std::optional<Clock::time_point> m_stuckSince;  // tasks queued, head unmoved
  std::uint64_t m_stuckHead = 0;
};

}  // namespace logmill::engine
