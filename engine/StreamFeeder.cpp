#include "engine/StreamFeeder.hpp"

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "engine/output/OrderedOutput.hpp"
#include "ipc/prefault.hpp"
#include "workers/map/StreamCutter.hpp"

namespace logmill::engine {

RingShape ringShape(std::uint64_t ringBytes) {
  if (ringBytes < kMinRingBytes) {
    throw std::invalid_argument("a block ring needs at least " +
                                std::to_string(kMinRingBytes >> 20) + " MiB");
  }
  // Blocks of 2..8 MiB: longer than the longest line kept (1 MiB), and big
  // enough that a partial per block costs little next to mapping it.
  constexpr std::uint64_t kMinSlot = 2ull << 20, kMaxSlot = 8ull << 20;
  const std::uint64_t slotBytes = std::clamp(ringBytes / 8, kMinSlot, kMaxSlot);
  const std::uint64_t slots = std::min<std::uint64_t>(ringBytes / slotBytes, 1u << 16);
  return {static_cast<std::uint32_t>(slots), static_cast<std::size_t>(slotBytes)};
}

struct StreamFeeder::State {
  std::mutex mutex;
  std::condition_variable freed;  // the producer waits here for a slot
  std::condition_variable ready;  // wait() waits here for an event
  std::vector<std::span<char>> slots;
  std::vector<std::uint32_t> free;
  std::vector<bool> prefaulted;  // slots whose pages were mapped ahead
  std::deque<Event> events;
  bool stopped = false;  // the owner is gone: touch nothing of its
  bool done = false;     // every stream finished
  bool exited = false;   // the producer thread returned
  bool writing = false;  // the producer is reading a regular file into a slot
  // The producer's own copies: it may outlive the owner (see ~StreamFeeder).
  std::vector<workers::Task> streams;
  std::vector<std::string> paths;
  std::string indexDir;
  std::uint32_t nextId = 0;
  std::uint64_t blocks = 0;
  std::chrono::nanoseconds cpu{0};  // the producer's, once it is done
  OrderedOutput* lines = nullptr;
  std::function<void()> wake;
  std::size_t slotBytes = 0;

  /// Locked: publishes `event` unless the owner is gone; false if it is.
  bool publish(std::unique_lock<std::mutex>& lock, Event event) {
    (void)lock;
    if (stopped) return false;
    events.push_back(std::move(event));
    ready.notify_all();
    if (wake) wake();
    return true;
  }
};

namespace {

using State = StreamFeeder::State;
using Block = StreamFeeder::Block;
using Event = StreamFeeder::Event;
using Finished = StreamFeeder::Finished;

/// Waits for a free slot; nullopt once the owner stopped.
std::optional<std::uint32_t> takeSlot(State& s) {
  std::unique_lock lock(s.mutex);
  s.freed.wait(lock, [&] { return s.stopped || !s.free.empty(); });
  if (s.stopped) return std::nullopt;
  const std::uint32_t slot = s.free.back();
  s.free.pop_back();
  if (!s.prefaulted[slot]) {
    // A slot's first use maps its pages in one call, not a fault per 4 KiB
    // of text; under the lock, so the owner cannot let the ring go meanwhile.
    s.prefaulted[slot] = true;
    (void)ipc::prefault(s.slots[slot], ipc::Prefault::Write);
  }
  return slot;
}

/// CPU time this thread used so far.
std::chrono::nanoseconds threadCpu() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

/// True for a regular file: its reads end (a pipe's may never).
bool isRegularFile(const std::string& path) {
  struct stat st {};
  return path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// Cuts one stream; false once the owner stopped.
bool cutStream(State& s, std::size_t k, char* buffer) {
  const std::uint32_t stream = s.streams[k].id;
  workers::StreamCutter cutter(s.streams[k], s.paths[k], s.indexDir);
  // A regular file is cut straight into the slot (no copy): its reads end,
  // so the owner can wait for one (~StreamFeeder). A pipe's read may block
  // past the owner's end, when the ring may be gone: it goes through the
  // producer's own buffer.
  const bool inPlace = isRegularFile(s.paths[k]);
  for (;;) {
    const auto slot = takeSlot(s);
    if (!slot) return false;
    std::size_t n = 0;
    if (inPlace) {
      {
        std::lock_guard lock(s.mutex);
        if (s.stopped) return false;
        s.writing = true;
      }
      n = cutter.next(s.slots[*slot]);
    } else {
      n = cutter.next({buffer, s.slotBytes});
    }
    std::unique_lock lock(s.mutex);
    if (inPlace) {
      s.writing = false;
      s.freed.notify_all();
    }
    if (n == 0) {
      s.free.push_back(*slot);
      break;
    }
    if (s.stopped) return false;
    if (!inPlace) std::memcpy(s.slots[*slot].data(), buffer, n);
    Block block{s.nextId++, stream, *slot, n};
    ++s.blocks;
    if (s.lines) s.lines->addBefore(block.id, stream);
    if (!s.publish(lock, Event{block, std::nullopt})) return false;
  }
  Finished finished{stream, {}};
  cutter.finish(finished.partial);
  std::unique_lock lock(s.mutex);
  s.cpu = threadCpu();  // before the event: the last one ends the run
  return s.publish(lock, Event{std::nullopt, std::move(finished)});
}

void produce(const std::shared_ptr<State>& s) {
  const auto buffer = std::make_unique_for_overwrite<char[]>(s->slotBytes);
  bool going = true;
  for (std::size_t k = 0; going && k < s->streams.size(); ++k) {
    going = cutStream(*s, k, buffer.get());
  }
  std::lock_guard lock(s->mutex);
  s->done = true;
  s->exited = true;
  s->ready.notify_all();
  if (!s->stopped && s->wake) s->wake();
  s->freed.notify_all();  // the destructor waits on `exited` through this
}

}  // namespace

StreamFeeder::StreamFeeder(std::vector<std::span<char>> slots, const workers::TaskList& work,
                           std::vector<std::uint32_t> streams, std::uint32_t firstId,
                           OrderedOutput* lines, std::function<void()> wake)
    : m_state(std::make_shared<State>()) {
  State& s = *m_state;
  s.slots = std::move(slots);
  s.slotBytes = s.slots.empty() ? 0 : s.slots.front().size();
  for (std::uint32_t i = 0; i < s.slots.size(); ++i) s.free.push_back(s.slots.size() - 1 - i);
  s.prefaulted.assign(s.slots.size(), false);
  for (const std::uint32_t id : streams) {
    s.streams.push_back(work.tasks.at(id));
    s.paths.push_back(work.pathOf(work.tasks.at(id)));
  }
  s.indexDir = work.gzipIndexDir;
  s.nextId = firstId;
  s.lines = lines;
  s.wake = std::move(wake);
  if (s.slots.empty()) throw std::invalid_argument("a stream fan-out needs a ring");
  std::thread([state = m_state] { produce(state); }).detach();
}

StreamFeeder::~StreamFeeder() {
  std::unique_lock lock(m_state->mutex);
  m_state->stopped = true;
  m_state->freed.notify_all();
  // A producer inside a read or an inflate returns within moments; one
  // blocked on a silent pipe is left behind, holding only its own state.
  m_state->freed.wait_for(lock, std::chrono::milliseconds(250), [&] { return m_state->exited; });
  // A producer writing into a slot of the ring finishes that read first.
  m_state->freed.wait(lock, [&] { return !m_state->writing; });
}

std::optional<StreamFeeder::Event> StreamFeeder::poll() {
  std::lock_guard lock(m_state->mutex);
  if (m_state->events.empty()) return std::nullopt;
  Event event = std::move(m_state->events.front());
  m_state->events.pop_front();
  return event;
}

std::optional<StreamFeeder::Event> StreamFeeder::wait() {
  std::unique_lock lock(m_state->mutex);
  m_state->ready.wait(lock, [&] { return m_state->done || !m_state->events.empty(); });
  if (m_state->events.empty()) return std::nullopt;
  Event event = std::move(m_state->events.front());
  m_state->events.pop_front();
  return event;
}

std::uint64_t StreamFeeder::blocksCut() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->blocks;
}

std::chrono::nanoseconds StreamFeeder::producerCpu() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->cpu;
}

std::string_view StreamFeeder::text(const Block& block) const {
  // Slots never change after construction: no lock needed.
  return {m_state->slots.at(block.slot).data(), block.bytes};
}

void StreamFeeder::release(std::uint32_t slot) {
  {
    std::lock_guard lock(m_state->mutex);
    m_state->free.push_back(slot);
  }
  m_state->freed.notify_one();
}

}  // namespace logmill::engine
