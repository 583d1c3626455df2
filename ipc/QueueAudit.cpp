#include "ipc/QueueAudit.hpp"

namespace logmill::ipc {

std::optional<std::string> QueueAudit::findDamage(const TaskQueue::Snapshot& s) {
  if (!s.headerIntact) return "its header (magic, capacity, workers) was overwritten";
  if (s.tail != pushes()) {
    return "its tail is " + std::to_string(s.tail) + " but " + std::to_string(pushes()) +
           " tasks were pushed";
  }
  if (s.head > s.tail) {
    return "its head " + std::to_string(s.head) + " is past its tail " + std::to_string(s.tail);
  }
  if (s.head < m_head) {
    return "its head moved back from " + std::to_string(m_head) + " to " + std::to_string(s.head);
  }
  if (s.tail - s.head > s.ring.size()) return "it holds more tasks than it has room for";
  if (auto ring = findRingDamage(s)) return ring;
  if (auto claim = findClaimDamage(s)) return claim;
  m_head = s.head;
  return std::nullopt;
}

std::optional<std::string> QueueAudit::findRingDamage(const TaskQueue::Snapshot& s) const {
  for (std::uint64_t p = s.head; p < s.tail; ++p) {
    if (!(s.ring[p % s.ring.size()] == m_pushed[p])) {
      return "the task queued at position " + std::to_string(p) + " is not the one pushed there";
    }
  }
  return std::nullopt;
}

std::optional<std::string> QueueAudit::findClaimDamage(const TaskQueue::Snapshot& s) const {
  for (std::size_t w = 0; w < s.claims.size(); ++w) {
    const TaskQueue::Snapshot::ClaimCopy& c = s.claims[w];
    if (!c.valid) continue;
    // A claim is recorded on the head position just before the pop commits,
    // so it may name head itself, never a position beyond.
    if (c.position > s.head || c.position >= pushes() || !(c.task == m_pushed[c.position])) {
      return "worker " + std::to_string(w) + "'s claim names a task that was never pushed there";
    }
  }
  return std::nullopt;
}

}  // namespace logmill::ipc
