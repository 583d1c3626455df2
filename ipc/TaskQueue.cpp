#include "ipc/TaskQueue.hpp"

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include "ipc/posix.hpp"

namespace logmill::ipc {

namespace bip = boost::interprocess;

namespace {

constexpr std::uint64_t kQueueMagic = 0x3165755151544D4CULL;  // "LMTQQue1"

using Futex = std::atomic<std::uint32_t>;
static_assert(sizeof(Futex) == 4 && Futex::is_always_lock_free,
              "futex words must be plain lock-free 32-bit integers");

constexpr std::size_t roundUp(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

std::uint32_t* futexWord(Futex& f) {
  return reinterpret_cast<std::uint32_t*>(&f);
}

// Sleeps while `word` still holds `expected`. Returns false once `deadline`
// has passed; true on a wake-up, a changed value or a signal (callers recheck).
bool futexWait(Futex& word, std::uint32_t expected,
               const std::optional<TaskQueue::Clock::time_point>& deadline) {
  timespec rel{};
  if (deadline) {
    const auto left = *deadline - TaskQueue::Clock::now();
    if (left <= TaskQueue::Clock::duration::zero()) return false;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    rel.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    rel.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  }
  // Not FUTEX_PRIVATE: the word is shared between processes.
  const long rc = ::syscall(SYS_futex, futexWord(word), FUTEX_WAIT, expected,
                            deadline ? &rel : nullptr, nullptr, 0);
  return !(rc == -1 && errno == ETIMEDOUT);
}

void futexWake(Futex& word, int count) {
  ::syscall(SYS_futex, futexWord(word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

timespec toTimespec(TaskQueue::Clock::time_point t) {
  // steady_clock is CLOCK_MONOTONIC on Linux.
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

std::optional<TaskQueue::Clock::time_point> deadlineAfter(TaskQueue::Clock::duration timeout) {
  return TaskQueue::Clock::now() + timeout;
}

}  // namespace

struct TaskQueue::Claim {
  std::uint64_t position = 0;  // ring position (head value) this worker took
  TaskSlot task;
  std::uint32_t valid = 0;
};

struct TaskQueue::State {
  std::uint64_t magic = 0;
  std::uint32_t capacity = 0;
  std::uint32_t maxWorkers = 0;
  pthread_mutex_t mutex;
  // Monotonic counters; the ring index is counter % capacity. Guarded by mutex.
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  std::uint64_t ownerDeaths = 0;
  // Futex words, bumped under the mutex on every push / pop.
  Futex pushSeq{0};
  Futex popSeq{0};
  // Sleepers; incremented under the mutex, so a waker never misses one. A
  // count left high by a dead sleeper only costs a spurious wake.
  Futex waitingConsumers{0};
  Futex waitingProducers{0};

  [[nodiscard]] bool empty() const { return head == tail; }
  // `capacity` is the handle's own copy, never the shared field: a worker
  // that scribbles on the segment must not be able to make the coordinator
  // divide by zero or index outside the ring.
  [[nodiscard]] bool full(std::uint32_t capacity) const { return tail - head >= capacity; }
};

namespace {

struct Layout {
  std::size_t ring;
  std::size_t claims;
  std::size_t total;
};

Layout layoutFor(std::uint32_t capacity, std::uint32_t maxWorkers) {
  Layout l{};
  l.ring = roundUp(sizeof(TaskQueue::State), 64);
  l.claims = roundUp(l.ring + sizeof(TaskSlot) * capacity, 64);
  l.total = l.claims + sizeof(TaskQueue::Claim) * maxWorkers;
  return l;
}

void initRobustMutex(pthread_mutex_t* mutex) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  int rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  if (rc == 0) rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  if (rc == 0) rc = pthread_mutex_init(mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  if (rc != 0) throw SystemError(rc, "initialize the task queue's robust process-shared mutex");
}

}  // namespace

std::size_t TaskQueue::bytesNeeded(std::uint32_t capacity, std::uint32_t maxWorkers) {
  return layoutFor(capacity, maxWorkers).total;
}

TaskQueue TaskQueue::create(SharedSegment& segment, const std::string& name, std::uint32_t capacity,
                            std::uint32_t maxWorkers) {
  if (capacity == 0) throw std::invalid_argument("task queue '" + name + "': capacity 0");
  const Layout l = layoutFor(capacity, maxWorkers);
  std::uint64_t* words = nullptr;
  try {
    words = segment.managed().construct<std::uint64_t>(name.c_str())[roundUp(l.total, 8) / 8](0);
  } catch (const bip::interprocess_exception& e) {
    throw std::runtime_error("create task queue '" + name + "' (" + std::to_string(l.total) +
                             " bytes) in shared memory segment " + segment.name() + " (" +
                             std::to_string(segment.managed().get_free_memory()) +
                             " bytes free): " + e.what());
  }
  auto* base = reinterpret_cast<std::byte*>(words);
  auto* state = new (base) State();
  state->capacity = capacity;
  state->maxWorkers = maxWorkers;
  initRobustMutex(&state->mutex);
  auto* ring = reinterpret_cast<TaskSlot*>(base + l.ring);
  for (std::uint32_t i = 0; i < capacity; ++i) new (ring + i) TaskSlot();
  auto* claims = reinterpret_cast<Claim*>(base + l.claims);
  for (std::uint32_t i = 0; i < maxWorkers; ++i) new (claims + i) Claim();
  state->magic = kQueueMagic;
  return TaskQueue(state, ring, claims, capacity, maxWorkers);
}

TaskQueue TaskQueue::open(SharedSegment& segment, const std::string& name) {
  // find_no_lock: a worker never takes the segment manager's non-robust lock
  // (see SharedSegment); the coordinator built everything before we started.
  const auto [words, count] = segment.managed().find_no_lock<std::uint64_t>(name.c_str());
  const std::string where = "task queue '" + name + "' in shared memory segment " + segment.name();
  if (words == nullptr) throw std::runtime_error(where + " does not exist");
  auto* base = reinterpret_cast<std::byte*>(words);
  auto* state = reinterpret_cast<State*>(base);
  if (count * 8 < sizeof(State) || state->magic != kQueueMagic) {
    throw std::runtime_error(where + " is not a task queue (bad magic)");
  }
  const std::uint32_t capacity = state->capacity;
  const std::uint32_t maxWorkers = state->maxWorkers;
  if (capacity == 0) throw std::runtime_error(where + " has capacity 0");
  const Layout l = layoutFor(capacity, maxWorkers);
  if (count * 8 < l.total) throw std::runtime_error(where + " is truncated");
  return TaskQueue(state, reinterpret_cast<TaskSlot*>(base + l.ring),
                   reinterpret_cast<Claim*>(base + l.claims), capacity, maxWorkers);
}

bool TaskQueue::lock(const std::optional<Clock::time_point>& deadline) {
  int rc = 0;
  if (deadline) {
    const timespec abs = toTimespec(*deadline);
#if defined(__SANITIZE_THREAD__)
    // GCC 12's ThreadSanitizer does not intercept clocklock: without these it
    // misses the acquisition and reports the matching unlock as a misuse.
    __tsan_mutex_pre_lock(&m_state->mutex, __tsan_mutex_try_lock);
#endif
    rc = pthread_mutex_clocklock(&m_state->mutex, CLOCK_MONOTONIC, &abs);
#if defined(__SANITIZE_THREAD__)
    const bool got = rc == 0 || rc == EOWNERDEAD;
    __tsan_mutex_post_lock(&m_state->mutex,
                           __tsan_mutex_try_lock | (got ? 0 : __tsan_mutex_try_lock_failed), 0);
#endif
  } else {
    rc = pthread_mutex_lock(&m_state->mutex);
  }
  if (rc == 0) return true;
  if (rc == ETIMEDOUT) return false;
  if (rc == EOWNERDEAD) {
    recoverAfterOwnerDeath();
    pthread_mutex_consistent(&m_state->mutex);
    return true;
  }
  throw SystemError(rc, "lock the task queue in shared memory");
}

void TaskQueue::unlock() {
  pthread_mutex_unlock(&m_state->mutex);
}

void TaskQueue::recoverAfterOwnerDeath() {
  State& s = *m_state;
  ++s.ownerDeaths;
  // A pop records its claim on position `head` and then commits head++. A
  // claim on the current head with the ring non-empty is therefore a pop the
  // dead process started: complete it, the task now belongs to the dead
  // worker (the coordinator re-runs it from lastClaim). A push commits with
  // tail++ as its last step, so a half-done push is simply not there.
  for (std::uint32_t w = 0; w < m_maxWorkers; ++w) {
    const Claim& c = m_claims[w];
    if (c.valid != 0 && c.position == s.head && !s.empty()) {
      ++s.head;
      ++s.popSeq;
      break;
    }
  }
  // The dead process may have swallowed a wake-up meant for others.
  futexWake(s.pushSeq, INT_MAX);
  futexWake(s.popSeq, INT_MAX);
}

bool TaskQueue::pushUntil(const TaskSlot& task, const std::optional<Clock::time_point>& deadline) {
  State& s = *m_state;
  if (!lock(deadline)) return false;
  while (s.full(m_capacity)) {
    const std::uint32_t seq = s.popSeq.load();
    ++s.waitingProducers;
    unlock();
    const bool inTime = futexWait(s.popSeq, seq, deadline);
    --s.waitingProducers;
    if (!lock(deadline)) return false;
    if (!inTime && s.full(m_capacity)) {
      unlock();
      return false;
    }
  }
  m_ring[s.tail % m_capacity] = task;
  ++s.tail;  // commit
  ++s.pushSeq;
  const bool wakeConsumer = s.waitingConsumers.load() > 0;
  const bool wakeProducer = !s.full(m_capacity) && s.waitingProducers.load() > 0;
  unlock();
  if (wakeConsumer) futexWake(s.pushSeq, 1);
  // Pass on a wake-up this producer may have consumed while room remains.
  if (wakeProducer) futexWake(s.popSeq, 1);
  return true;
}

std::optional<TaskSlot> TaskQueue::popUntil(std::uint32_t worker,
                                            const std::optional<Clock::time_point>& deadline) {
  State& s = *m_state;
  Claim* claim = claimOf(worker);
  if (!lock(deadline)) return std::nullopt;
  while (s.empty()) {
    const std::uint32_t seq = s.pushSeq.load();
    ++s.waitingConsumers;
    unlock();
    const bool inTime = futexWait(s.pushSeq, seq, deadline);
    --s.waitingConsumers;
    if (!lock(deadline)) {
      futexWake(s.pushSeq, 1);  // we may have been woken for a task: hand it on
      return std::nullopt;
    }
    if (!inTime && s.empty()) {
      unlock();
      return std::nullopt;
    }
  }
  const TaskSlot task = m_ring[s.head % m_capacity];
  if (claim != nullptr) *claim = Claim{s.head, task, 1};
  ++s.head;  // commit
  ++s.popSeq;
  const bool wakeProducer = s.waitingProducers.load() > 0;
  const bool wakeConsumer = !s.empty() && s.waitingConsumers.load() > 0;
  unlock();
  if (wakeProducer) futexWake(s.popSeq, 1);
  if (wakeConsumer) futexWake(s.pushSeq, 1);
  return task;
}

TaskQueue::Claim* TaskQueue::claimOf(std::uint32_t worker) const {
  if (worker == kNoWorker) return nullptr;
  if (worker >= m_maxWorkers) {
    throw std::out_of_range("task queue: worker index " + std::to_string(worker) +
                            " is not below maxWorkers " + std::to_string(m_maxWorkers));
  }
  return &m_claims[worker];
}

void TaskQueue::push(const TaskSlot& task) {
  pushUntil(task, std::nullopt);
}

bool TaskQueue::pushFor(const TaskSlot& task, Clock::duration timeout) {
  return pushUntil(task, deadlineAfter(timeout));
}

void TaskQueue::pushSentinel() {
  push(TaskSlot{.flags = TaskSlot::kSentinel});
}

bool TaskQueue::pushSentinelFor(Clock::duration timeout) {
  return pushFor(TaskSlot{.flags = TaskSlot::kSentinel}, timeout);
}

TaskSlot TaskQueue::pop(std::uint32_t worker) {
  return *popUntil(worker, std::nullopt);
}

std::optional<TaskSlot> TaskQueue::popFor(std::uint32_t worker, Clock::duration timeout) {
  return popUntil(worker, deadlineAfter(timeout));
}

std::optional<TaskSlot> TaskQueue::lastClaim(std::uint32_t worker) {
  Claim* claim = claimOf(worker);
  lock(std::nullopt);
  std::optional<TaskSlot> out;
  if (claim->valid != 0) out = claim->task;
  unlock();
  return out;
}

void TaskQueue::clearClaim(std::uint32_t worker) {
  Claim* claim = claimOf(worker);
  lock(std::nullopt);
  claim->valid = 0;
  unlock();
}

std::optional<TaskQueue::Snapshot> TaskQueue::snapshotFor(Clock::duration timeout) {
  Snapshot out;
  // Allocated before the lock: workers wait on it.
  out.ring.resize(m_capacity);
  out.claims.resize(m_maxWorkers);
  if (!lock(deadlineAfter(timeout))) return std::nullopt;
  const State& s = *m_state;
  out.headerIntact =
      s.magic == kQueueMagic && s.capacity == m_capacity && s.maxWorkers == m_maxWorkers;
  out.head = s.head;
  out.tail = s.tail;
  std::copy(m_ring, m_ring + m_capacity, out.ring.begin());
  for (std::uint32_t w = 0; w < m_maxWorkers; ++w) {
    out.claims[w] = {m_claims[w].valid != 0, m_claims[w].position, m_claims[w].task};
  }
  unlock();
  return out;
}

std::size_t TaskQueue::size() {
  lock(std::nullopt);
  const auto n = static_cast<std::size_t>(m_state->tail - m_state->head);
  unlock();
  return n;
}

std::uint32_t TaskQueue::capacity() const noexcept {
  return m_capacity;
}

std::uint32_t TaskQueue::maxWorkers() const noexcept {
  return m_maxWorkers;
}

std::uint64_t TaskQueue::recoveredOwnerDeaths() {
  lock(std::nullopt);
  const std::uint64_t n = m_state->ownerDeaths;
  unlock();
  return n;
}

void TaskQueue::abandonLockForTesting(Abandon how, std::uint32_t worker) {
  State& s = *m_state;
  lock(std::nullopt);
  if (how == Abandon::KillMidPop && !s.empty()) {
    *claimOf(worker) = Claim{s.head, m_ring[s.head % m_capacity], 1};
  }
  ::kill(::getpid(), how == Abandon::Stop ? SIGSTOP : SIGKILL);
  unlock();
  ::_exit(0);
}

}  // namespace logmill::ipc
