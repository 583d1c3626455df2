#pragma once
// The coordinator's own record of every slot it pushed into a TaskQueue, and
// the check of what the segment holds against it. The coordinator is the
// queue's only producer, so it knows the exact tail and what each position
// must hold; workers only move head forward and record claims of positions
// that were pushed. Anything else (a zeroed or rewritten segment: same-user
// tampering with /dev/shm) is named here instead of being waited on.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipc/TaskQueue.hpp"

namespace logmill::ipc {

class QueueAudit {
 public:
  /// Records that `slot` was pushed (at the next position).
  void pushed(const TaskSlot& slot) { m_pushed.push_back(slot); }
  /// Slots pushed so far: the tail an intact queue has.
  [[nodiscard]] std::uint64_t pushes() const noexcept { return m_pushed.size(); }

  /// What in `snapshot` no intact queue can hold, in words; nullopt when it
  /// agrees with every push recorded (and head never moved back since the
  /// last snapshot checked).
  [[nodiscard]] std::optional<std::string> findDamage(const TaskQueue::Snapshot& snapshot);

 private:
  [[nodiscard]] std::optional<std::string> findRingDamage(const TaskQueue::Snapshot& s) const;
  [[nodiscard]] std::optional<std::string> findClaimDamage(const TaskQueue::Snapshot& s) const;

  std::vector<TaskSlot> m_pushed;  // by position
  std::uint64_t m_head = 0;        // the last head seen intact
};

}  // namespace logmill::ipc
