#pragma once
// The bounded multi-producer multi-consumer task queue that lives in the
// pool's shared-memory segment. The coordinator pushes tasks, workers pull
// them (so a fast worker simply pulls more), and shutdown is one sentinel per
// worker.
//
// Surviving dead and stopped processes:
// - The lock is a robust, process-shared pthread mutex. When its holder dies
//   (SIGKILL at any instruction), the next locker gets EOWNERDEAD, repairs the
//   ring (see below) and carries on; nobody deadlocks.
// - Every critical section commits with one final store (tail++ for a push,
//   head++ for a pop), and a pop first records which worker claimed which
//   position. So after a death the state is either "not done yet" or
//   "claimed by the dead worker, pop not committed", which recovery completes.
// - Sleeping uses futexes on sequence counters, not a condition variable: a
//   process killed while waiting on a process-shared condvar can leave glibc's
//   condvar state waiting forever for it; a futex waiter leaves nothing behind.
// - A stopped (SIGSTOP) holder cannot be recovered from by anyone but the
//   coordinator: use the timed variants there, notice the lack of progress,
//   SIGKILL the worker, and the lock is recovered on the next attempt.
// - Each worker's last claimed task stays readable (lastClaim), so when a
//   worker dies the coordinator knows which task to run again.
//
// push/pop allocate nothing; an uncontended push or pop is a lock, a copy of
// 32 bytes and an unlock (plus a futex wake only when someone sleeps).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ipc/SharedSegment.hpp"

namespace logmill::ipc {

/// One task as the queue carries it: plain data, no pointers.
struct TaskSlot {
  static constexpr std::uint32_t kSentinel = 1u << 0;    ///< flags: "no more tasks, exit"
  static constexpr std::uint32_t kBuildIndex = 1u << 1;  ///< flags: leave a gzip index behind
  /// flags: a block of a stream fan-out; [begin, end) are bytes of the run's BlockRing
  static constexpr std::uint32_t kBlock = 1u << 2;

  std::uint32_t taskId = 0;
  std::uint32_t fileIndex = 0;  ///< index into the run's FileTable
  std::uint64_t begin = 0;      ///< byte range [begin, end) of that file
  std::uint64_t end = 0;
  std::uint32_t flags = 0;

  [[nodiscard]] bool isSentinel() const noexcept { return (flags & kSentinel) != 0; }
  friend bool operator==(const TaskSlot&, const TaskSlot&) = default;
};
static_assert(std::is_trivially_copyable_v<TaskSlot>);

/// A handle onto a queue in a SharedSegment. Cheap to copy; the segment must
/// outlive every handle. Not the owner of anything: the segment is.
class TaskQueue {
 public:
  using Clock = std::chrono::steady_clock;
  /// Pass as `worker` to pop without recording a claim.
  static constexpr std::uint32_t kNoWorker = UINT32_MAX;

  /// Segment bytes a queue of this shape needs (excluding kSegmentOverhead).
  [[nodiscard]] static std::size_t bytesNeeded(std::uint32_t capacity, std::uint32_t maxWorkers);
  /// Coordinator: constructs the queue in `segment` under `name` (before any
  /// worker is spawned). Throws if the name exists or the segment is too small.
  [[nodiscard]] static TaskQueue create(SharedSegment& segment, const std::string& name,
                                        std::uint32_t capacity, std::uint32_t maxWorkers);
  /// Worker: finds the queue the coordinator created, without taking the
  /// segment manager's lock. Throws std::runtime_error naming it if absent.
  [[nodiscard]] static TaskQueue open(SharedSegment& segment, const std::string& name);

  /// Blocks while the queue is full.
  void push(const TaskSlot& task);
  /// Waits at most `timeout` for room (and for the lock); false if it ran out.
  [[nodiscard]] bool pushFor(const TaskSlot& task, Clock::duration timeout);
  /// Pushes one shutdown sentinel (push one per worker).
  void pushSentinel();
  [[nodiscard]] bool pushSentinelFor(Clock::duration timeout);

  /// Blocks while the queue is empty. Records the slot as `worker`'s claim
  /// (worker < maxWorkers(), or kNoWorker). A sentinel comes back as a slot
  /// with isSentinel().
  [[nodiscard]] TaskSlot pop(std::uint32_t worker);
  /// Waits at most `timeout`; nullopt if nothing arrived (a worker can then
  /// check on its parent, send a heartbeat, and try again).
  [[nodiscard]] std::optional<TaskSlot> popFor(std::uint32_t worker, Clock::duration timeout);

  /// The last slot `worker` popped, unless cleared since (as stored in shared
  /// memory: validate taskId before use). After a worker dies
  /// (and its results pipe is drained), a non-sentinel claim whose result
  /// never arrived is the task to run again.
  [[nodiscard]] std::optional<TaskSlot> lastClaim(std::uint32_t worker);
  /// Forgets `worker`'s claim (e.g. before starting its replacement).
  void clearClaim(std::uint32_t worker);

  /// The queue's state as the segment holds it now, copied under the lock,
  /// for the coordinator to hold against its own record (QueueAudit).
  struct Snapshot {
    struct ClaimCopy {
      bool valid = false;
      std::uint64_t position = 0;
      TaskSlot task;
    };
    bool headerIntact = false;  ///< magic, capacity and maxWorkers as created
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::vector<TaskSlot> ring;     ///< capacity() slots; position p is ring[p % capacity()]
    std::vector<ClaimCopy> claims;  ///< maxWorkers() entries
  };
  /// Waits at most `timeout` for the lock; nullopt if it ran out. Throws
  /// SystemError if the lock is unusable (its bytes were overwritten).
  [[nodiscard]] std::optional<Snapshot> snapshotFor(Clock::duration timeout);

  /// Tasks queued now (a snapshot).
  [[nodiscard]] std::size_t size();
  [[nodiscard]] std::uint32_t capacity() const noexcept;
  [[nodiscard]] std::uint32_t maxWorkers() const noexcept;
  /// How many times a dead lock holder was detected and repaired.
  [[nodiscard]] std::uint64_t recoveredOwnerDeaths();

  /// Test hook: how abandonLockForTesting leaves the lock.
  enum class Abandon {
    Kill,        ///< take the lock, then SIGKILL this process
    KillMidPop,  ///< take the lock, record `worker`'s claim on the head slot
                 ///< without committing the pop, then SIGKILL this process
    Stop,        ///< take the lock, then SIGSTOP this process (exits if continued)
  };
  /// Test hook: simulates a worker dying or being stopped inside the queue.
  [[noreturn]] void abandonLockForTesting(Abandon how, std::uint32_t worker);

  struct State;
  struct Claim;

 private:
  TaskQueue(State* state, TaskSlot* ring, Claim* claims, std::uint32_t capacity,
            std::uint32_t maxWorkers)
      : m_state(state),
        m_ring(ring),
        m_claims(claims),
        m_capacity(capacity),
        m_maxWorkers(maxWorkers) {}
  bool lock(const std::optional<Clock::time_point>& deadline);
  void unlock();
  void recoverAfterOwnerDeath();
  bool pushUntil(const TaskSlot& task, const std::optional<Clock::time_point>& deadline);
  std::optional<TaskSlot> popUntil(std::uint32_t worker,
                                   const std::optional<Clock::time_point>& deadline);
  Claim* claimOf(std::uint32_t worker) const;

  State* m_state;
  TaskSlot* m_ring;
  Claim* m_claims;
  // The queue's shape as this process created or first saw it; every index
  // is computed from these, never from the (writable by any worker) segment.
  std::uint32_t m_capacity;
  std::uint32_t m_maxWorkers;
};

}  // namespace logmill::ipc
