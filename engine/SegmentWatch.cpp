#include "engine/SegmentWatch.hpp"

#include <algorithm>

#include "ipc/posix.hpp"

namespace logmill::engine {
namespace {

// Workers hold the lock for a copy of 32 bytes: a short wait is plenty, and
// the coordinator's loop must not stall on a lock that is never released.
constexpr std::chrono::milliseconds kLockWait{20};

}  // namespace

void SegmentWatch::check(Clock::time_point now, const std::vector<WorkerView>& workers) {
  std::optional<ipc::TaskQueue::Snapshot> snapshot;
  try {
    snapshot = m_queue.snapshotFor(kLockWait);
  } catch (const ipc::SystemError& e) {
    fail(std::string("its lock is unusable: ") + e.what());
  }
  if (!snapshot) {
    checkLockBusy(now, workers);
    return;
  }
  m_lockBusySince.reset();
  if (const auto damage = m_audit.findDamage(*snapshot)) fail(*damage);
  checkStall(now, *snapshot, workers);
}

void SegmentWatch::checkLockBusy(Clock::time_point now, const std::vector<WorkerView>& workers) {
  if (!m_lockBusySince) m_lockBusySince = now;
  if (now - *m_lockBusySince < kStallLimit) return;
  // A worker stopped inside the lock sends nothing from then on. Every live
  // worker heard well after the lock was taken: none of them holds it.
  const auto beatsSince = *m_lockBusySince + kIdleEvidence / 2;
  const bool allHeard = std::all_of(workers.begin(), workers.end(), [&](const WorkerView& w) {
    return !w.live || w.lastHeard > beatsSince;
  });
  if (allHeard) {
    fail("its lock has been held for " +
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(now - *m_lockBusySince).count()) +
         " s by no live worker");
  }
}

void SegmentWatch::checkStall(Clock::time_point now, const ipc::TaskQueue::Snapshot& snapshot,
                              const std::vector<WorkerView>& workers) {
  if (snapshot.head == snapshot.tail || snapshot.head != m_stuckHead || !m_stuckSince) {
    m_stuckHead = snapshot.head;
    m_stuckSince = snapshot.head == snapshot.tail ? std::nullopt : std::optional(now);
    return;
  }
  if (now - *m_stuckSince < kStallLimit) return;
  const auto idleAfter = *m_stuckSince + kIdleEvidence;
  const bool someoneIdle = std::any_of(workers.begin(), workers.end(), [&](const WorkerView& w) {
    return w.live && w.lastIdleBeat && *w.lastIdleBeat > idleAfter;
  });
  if (someoneIdle) {
    fail(std::to_string(snapshot.tail - snapshot.head) +
         " tasks stay queued while idle workers find none to take");
  }
}

void SegmentWatch::fail(const std::string& what) const {
  throw SegmentModified("shared memory segment " + m_path +
                        " was modified by another process (task queue: " + what + "); stopping");
}

}  // namespace logmill::engine
