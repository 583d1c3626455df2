#include "engine/ProcessPool.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "engine/Interrupted.hpp"
#include "engine/PartialReducer.hpp"
#include "engine/ProgressMeter.hpp"
#include "engine/SegmentWatch.hpp"
#include "engine/StreamFeeder.hpp"
#include "engine/output/OrderedOutput.hpp"
#include "engine/passDescriptors.hpp"
#include "ipc/BlockRing.hpp"
#include "ipc/ChildProcess.hpp"
#include "ipc/FileTable.hpp"
#include "ipc/Frame.hpp"
#include "ipc/SegmentBusGuard.hpp"
#include "ipc/SharedSegment.hpp"
#include "ipc/TaskQueue.hpp"
#include "ipc/WorkerProtocol.hpp"
#include "ipc/posix.hpp"
#include "workers/process/taskSlot.hpp"

namespace logmill::engine {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kQueueCapacity = 64;
// How long a starting worker may stay silent (exec, attach, compile the
// query) before it is taken for stopped and replaced.
constexpr std::chrono::seconds kStartAllowance{10};

/// One worker slot: the live process, its pipes, and what it is doing.
struct WorkerSlot {
  ipc::ChildProcess child;
  ipc::Fd control;
  ipc::Fd results;
  std::optional<ipc::FrameDecoder> decoder;
  bool ready = false;
  bool throttled = false;           // grep: not read while its lines would overflow the budget
  std::uint32_t task = UINT32_MAX;  // task in progress, from its heartbeat
  // Tasks finished and merged into the partial the worker holds (Held), in
  // order; its next Result covers exactly these. Run again if it dies first.
  std::vector<std::uint32_t> held;
  std::uint64_t taskBytes = 0;
  Clock::time_point lastProgress;
  Clock::time_point lastHeard;  // last bytes from its pipe; workers beat even when idle
  Clock::time_point taskStart;
  std::optional<Clock::time_point> lastIdleBeat;  // last heartbeat between tasks
  WorkerStats stats;
  unsigned generation = 0;
  [[nodiscard]] bool busy() const { return task != UINT32_MAX; }
};

class Coordinator {
 public:
  Coordinator(const PoolOptions& options, const workers::Query& query, const TaskList& work,
              OrderedOutput* lines)
      : m_options(options),
        m_query(query),
        m_work(work),
        m_tasks(work.tasks),
        m_lines(lines),
        m_attempts(m_tasks.size(), 0),
        m_done(m_tasks.size(), false),
        m_remaining(m_tasks.size()),
        m_streams(streamsOf(work, options.jobs)),
        m_shape(m_streams.empty() ? RingShape{} : ringShape(options.ringBytes)),
        m_progress(options.progress, work.totalBytes(), m_tasks.size()),
        m_inputs(passDescriptors(work.files, ipc::WorkerArgs::kResultFd + 1)),
        m_segment(createSegment()),
        m_queue(ipc::TaskQueue::create(m_segment, ipc::kQueueName, kQueueCapacity, jobs())),
        m_files(ipc::FileTable::create(m_segment, ipc::kFileTableName, m_inputs.workerPaths)) {
    startStreams();
    for (std::uint32_t i = 0; i < m_tasks.size(); ++i) {
      if (!(m_feeder && m_tasks[i].stream)) m_pending.push_back(i);
    }
    m_workers.resize(jobs());
  }

  RunResult run() {
    for (unsigned k = 0; k < m_workers.size(); ++k) spawn(k);
    waitUntilReady();
    while (m_remaining > 0) {
      checkInterrupt();
      takeBlocks();
      feedQueue();
      pollOnce(std::chrono::milliseconds(100));
      watchdog();
      checkSegment();
      m_progress.update(m_doneBytes + inFlightBytes());
    }
    shutdown();
    m_progress.finish();
    RunResult result;
    result.partial = m_reducer.finish();
    for (const workers::FileError& e : m_gaveUp) result.partial.errors().push_back(e);
    result.partial.stats().failedFiles += m_gaveUp.size();
    result.streams = static_cast<unsigned>(m_streams.size());
    result.blocks = m_feeder ? m_feeder->blocksCut() : 0;
    if (m_feeder) result.producerCpu = m_feeder->producerCpu();
    for (unsigned k = 0; k < m_workers.size(); ++k) {
      m_workers[k].stats.worker = k;
      result.workers.push_back(m_workers[k].stats);
    }
    return result;
  }

 private:
  /// Never more workers than tasks (an idle worker only costs a start-up),
  /// unless a stream's blocks will keep them all busy.
  [[nodiscard]] std::uint32_t jobs() const {
    const std::size_t tasks = m_streams.empty() ? m_tasks.size() : m_options.jobs;
    return static_cast<std::uint32_t>(
        std::clamp<std::size_t>(m_options.jobs, 1, std::max<std::size_t>(tasks, 1)));
  }

  /// The stream tasks this run fans out (Task::stream, with several workers).
  static std::vector<std::uint32_t> streamsOf(const TaskList& work, unsigned jobs) {
    std::vector<std::uint32_t> streams;
    for (const Task& task : work.tasks) {
      if (task.stream && jobs > 1) streams.push_back(task.id);
    }
    return streams;
  }

  /// The ring in the segment and the producer thread that fills it.
  void startStreams() {
    if (m_streams.empty()) return;
    m_ring.emplace(
        ipc::BlockRing::create(m_segment, ipc::kBlockRingName, m_shape.slots, m_shape.slotBytes));
    ipc::setNonBlocking(m_wake.writeEnd.get(), true, m_wake.writeEnd.name());
    ipc::setNonBlocking(m_wake.readEnd.get(), true, m_wake.readEnd.name());
    std::vector<std::span<char>> slots;
    for (std::uint32_t i = 0; i < m_shape.slots; ++i) slots.push_back(m_ring->slot(i));
    const int wakeFd = m_wake.writeEnd.get();
    m_feeder.emplace(std::move(slots), m_work, m_streams,
                     static_cast<std::uint32_t>(m_tasks.size()), m_lines, [wakeFd] {
                       const char byte = 1;
                       (void)!::write(wakeFd, &byte, 1);  // full: a wake is pending anyway
                     });
  }

  /// Turns the producer's new blocks into tasks, and finished streams into
  /// results. A block's id is the next task id, so tasks stay 0..n-1.
  void takeBlocks() {
    if (!m_feeder) return;
    char drain[256];
    while (::read(m_wake.readEnd.get(), drain, sizeof drain) > 0) {
    }
    while (auto event = m_feeder->poll()) {
      if (event->finished) {
        const std::uint32_t stream = event->finished->stream;
        if (m_lines) m_lines->finish(stream);
        markHeld(stream);
        --m_remaining;
        m_reducer.push(std::move(event->finished->partial));
        continue;
      }
      const StreamFeeder::Block& b = *event->block;
      if (b.id != m_tasks.size()) throw std::logic_error("stream blocks out of sequence");
      const std::uint64_t begin = m_ring->offsetOf(b.slot);
      Task task{b.id, m_tasks[b.stream].file, {begin, begin + b.bytes}, 0};
      m_tasks.push_back(task);
      m_blockSlots.emplace(b.id, b.slot);
      m_attempts.push_back(0);
      m_done.push_back(false);
      ++m_remaining;
      m_pending.push_back(b.id);
      m_progress.tasksAdded(1);
    }
  }

  /// The queue's form of task `id`: a block names its bytes in the ring.
  ipc::TaskSlot slotOf(std::uint32_t id) const {
    ipc::TaskSlot slot = workers::slotFromTask(m_tasks[id]);
    if (m_blockSlots.contains(id)) slot.flags |= ipc::TaskSlot::kBlock;
    return slot;
  }

  /// A block's partial is safe (or it was given up): its slot may be reused.
  void releaseBlock(std::uint32_t id) {
    const auto it = m_blockSlots.find(id);
    if (it == m_blockSlots.end()) return;
    m_feeder->release(it->second);
    m_blockSlots.erase(it);
  }

  ipc::SharedSegment createSegment() const {
    ipc::removeStaleSegments();  // left behind by coordinators that were SIGKILLed
    const std::size_t ring =
        m_streams.empty() ? 0 : ipc::BlockRing::bytesNeeded(m_shape.slots, m_shape.slotBytes);
    const std::size_t bytes = ipc::kSegmentOverhead +
                              ipc::FileTable::bytesNeeded(m_inputs.workerPaths) +
                              ipc::TaskQueue::bytesNeeded(kQueueCapacity, jobs()) + ring;
    return ipc::SharedSegment::create(bytes);
  }

  void spawn(unsigned k) {
    WorkerSlot& w = m_workers[k];
    ipc::Pipe control = ipc::makePipe("worker " + std::to_string(k) + " control pipe");
    ipc::Pipe results = ipc::makePipe("worker " + std::to_string(k) + " results pipe");
    ipc::SpawnOptions spawn;
    spawn.path = m_options.selfExe;
    const auto interval = std::clamp<std::chrono::milliseconds>(
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.taskTimeout) / 4,
        std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
    ipc::WorkerArgs args;
    args.segment = m_segment.name();
    args.index = k;
    args.generation = w.generation;
    args.parentPid = ::getpid();
    args.heartbeatMs = static_cast<unsigned>(interval.count());
    args.filesCrc = m_filesCrc;
    args.indexDir = m_work.gzipIndexDir;
    spawn.argv = args.argv(m_options.selfExe);
    spawn.fds = {{control.readEnd.get(), ipc::WorkerArgs::kControlFd},
                 {results.writeEnd.get(), ipc::WorkerArgs::kResultFd}};
    // `<(zcat f.gz)` and friends: the worker that gets the task reads the pipe.
    spawn.fds.insert(spawn.fds.end(), m_inputs.fds.begin(), m_inputs.fds.end());
    spawn.newProcessGroup = true;  // Ctrl-C reaches the coordinator, which stops the workers
    w.child = ipc::ChildProcess::spawn(spawn);
    w.control = std::move(control.writeEnd);
    w.results = std::move(results.readEnd);
    ipc::setNonBlocking(w.results.get(), true, w.results.name());
    w.decoder.emplace(w.results.name());
    w.ready = false;
    w.task = UINT32_MAX;
    w.lastHeard = Clock::now();
    w.lastIdleBeat.reset();
    ipc::writeFrame(w.control, ipc::MessageType::Query, m_query.encode());
  }

  void waitUntilReady() {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (std::any_of(m_workers.begin(), m_workers.end(),
                       [](const WorkerSlot& w) { return !w.ready; })) {
      checkInterrupt();
      if (Clock::now() > deadline) throw std::runtime_error("workers did not start within 30 s");
      pollOnce(std::chrono::milliseconds(100));
      watchdog();  // a worker stopped before its Ready is replaced
    }
  }

  void feedQueue() {
    while (!m_pending.empty()) {
      const std::uint32_t id = m_pending.front();
      const ipc::TaskSlot slot = slotOf(id);
      if (!m_queue.pushFor(slot, Clock::duration::zero())) return;  // full: workers are busy
      m_watch.pushed(slot);
      m_pending.pop_front();
    }
  }

  std::uint64_t inFlightBytes() const {
    std::uint64_t bytes = 0;
    for (const WorkerSlot& w : m_workers) {
      if (w.busy()) bytes += std::min(w.taskBytes, m_tasks[w.task].sizeBytes);
    }
    return bytes;
  }

  void pollOnce(std::chrono::milliseconds timeout) {
    std::vector<pollfd> fds;
    for (WorkerSlot& w : m_workers) {
      // Holding back a worker whose grep lines would overflow the budget: its
      // pipe fills and it blocks, so memory stays bounded.
      const bool holdBack = m_lines && w.busy() && m_lines->mustWait(w.task);
      if (w.throttled && !holdBack) w.lastProgress = w.lastHeard = Clock::now();
      w.throttled = holdBack;
      fds.push_back({holdBack ? -1 : w.results.get(), POLLIN, 0});
    }
    // The producer's wake-ups: a new block is queued without waiting out `timeout`.
    if (m_feeder) fds.push_back({m_wake.readEnd.get(), POLLIN, 0});
    // A signal (Ctrl-C) is seen by the caller's checkInterrupt within `timeout`.
    if (ipc::pollFds(fds, timeout) <= 0) return;
    for (unsigned k = 0; k < m_workers.size(); ++k) {
      if (fds[k].revents == 0) continue;
      WorkerSlot& w = m_workers[k];
      w.lastHeard = Clock::now();
      bool open = true;
      try {
        open = w.decoder->readFrom(w.results.get());
        while (auto frame = w.decoder->pop()) handleFrame(k, *frame);
      } catch (const std::exception& e) {
        // A garbled stream: that worker can no longer be trusted.
        w.child.kill(SIGKILL);
        open = false;
      }
      if (!open) onWorkerExit(k);
    }
  }

  void handleFrame(unsigned k, ipc::Frame& frame) {
    WorkerSlot& w = m_workers[k];
    switch (ipc::messageTypeOf(frame)) {
      case ipc::MessageType::Ready:
        w.ready = true;
        break;
      case ipc::MessageType::Heartbeat: {
        const auto hb = ipc::decodeHeartbeat(frame.payload);
        if (hb.taskId == ipc::HeartbeatMessage::kIdle) {  // alive, between tasks
          w.lastIdleBeat = Clock::now();
          break;
        }
        if (hb.taskId >= m_tasks.size()) throw std::runtime_error("heartbeat for an unknown task");
        // A beat sent just before the task's Result may arrive after it.
        if (m_done[hb.taskId] && w.task != hb.taskId) break;
        if (w.task != hb.taskId) {
          w.task = hb.taskId;
          w.taskStart = Clock::now();
          w.taskBytes = 0;
          w.lastProgress = Clock::now();
        } else if (hb.bytesDone != w.taskBytes) {
          w.taskBytes = hb.bytesDone;
          w.lastProgress = Clock::now();
        }
        break;
      }
      case ipc::MessageType::Held: {
        const std::uint32_t id = ipc::decodeHeld(frame.payload);
        if (id >= m_tasks.size()) throw std::runtime_error("held an unknown task");
        // Tasks are queued again only after their worker died, so a task
        // held twice is a garbled stream (and its partial would count twice).
        if (m_done[id]) throw std::runtime_error("held a task that is done");
        w.stats.tasks += 1;
        w.stats.busy += Clock::now() - w.taskStart;
        w.task = UINT32_MAX;
        w.held.push_back(id);
        markHeld(id);
        break;
      }
      case ipc::MessageType::Result: {
        const ipc::ResultView r = ipc::decodeResult(frame.payload);
        if (r.taskIds != w.held) throw std::runtime_error("a result for tasks it did not hold");
        // Decoded on the reducer's thread: this one goes on reading pipes.
        const auto offset = static_cast<std::size_t>(r.body.data() - frame.payload.data());
        w.stats.bytesIn += workers::Partial::encodedStats(r.body).bytesIn;
        for (std::uint32_t id : w.held) {
          if (m_lines) m_lines->finish(id);
          --m_remaining;
          releaseBlock(id);
        }
        w.held.clear();
        m_reducer.pushEncoded(std::move(frame.payload), offset);
        break;
      }
      case ipc::MessageType::Lines: {
        const ipc::TaskPayloadView r = ipc::decodeLines(frame.payload);
        if (r.taskId >= m_tasks.size() || !m_lines) throw std::runtime_error("unexpected lines");
        if (!m_done[r.taskId]) m_lines->append(r.taskId, r.body);
        break;
      }
      case ipc::MessageType::Query:
      default:  // the same binary on both ends: anything else is a garbled stream
        throw std::runtime_error("unexpected " + ipc::messageTypeName(frame.type) + " message");
    }
  }

  /// Task `id` has a result, held by a worker (or given up on).
  void markHeld(std::uint32_t id) {
    m_done[id] = true;
    m_doneBytes += m_tasks[id].sizeBytes;
    m_progress.taskDone();
  }

  /// The tasks worker `k` held died with it: each is run again (this is not
  /// an attempt that failed, so it is not counted against the task).
  void rerunHeld(WorkerSlot& w) {
    for (auto it = w.held.rbegin(); it != w.held.rend(); ++it) {
      m_done[*it] = false;
      m_doneBytes -= m_tasks[*it].sizeBytes;
      m_pending.push_front(*it);
      if (m_lines) m_lines->restart(*it);
    }
    w.held.clear();
  }

  void onWorkerExit(unsigned k) {
    WorkerSlot& w = m_workers[k];
    const ipc::ExitStatus status = w.child.wait();
    checkSegment();  // its claim is only trusted from an intact queue
    const auto claim = m_queue.lastClaim(k);
    m_queue.clearClaim(k);
    // The claim first: a claimed task that the worker already held is
    // m_done until rerunHeld queues it again (once).
    if (claim && !claim->isSentinel() && claim->taskId < m_tasks.size() && !m_done[claim->taskId]) {
      failTask(claim->taskId, status.describe());
    }
    rerunHeld(w);
    w.results.reset();
    w.control.reset();
    if (m_remaining == 0) return;
    // Each task may kill kMaxAttempts workers before it is given up; more
    // deaths than that in all means something else kills them (a damaged
    // segment, a broken install): stop instead of restarting forever.
    if (++m_restarts > m_options.maxAttempts * m_tasks.size() + jobs()) {
      throw std::runtime_error("workers keep dying (" + std::to_string(m_restarts) +
                               " restarts for " + std::to_string(m_tasks.size()) +
                               " tasks; last: " + status.describe() + "); giving up");
    }
    w.generation += 1;
    w.stats.restarts += 1;
    spawn(k);
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (!m_workers[k].ready && Clock::now() < deadline && m_workers[k].child.running()) {
      checkInterrupt();
      pollOnce(std::chrono::milliseconds(50));
      watchdog();
      checkSegment();
    }
  }

  void failTask(std::uint32_t id, const std::string& why) {
    if (++m_attempts[id] < m_options.maxAttempts) {
      m_pending.push_front(id);  // run it again, first
      if (m_lines) m_lines->restart(id);
      return;
    }
    const std::string& path = m_work.pathOf(m_tasks[id]);
    // A stream is one file however many of its blocks are given up: one error.
    const bool block = m_blockSlots.contains(id);
    if (!block || m_gaveUpStreams.insert(m_tasks[id].file).second) {
      m_gaveUp.push_back({path, path + ": gave up after " + std::to_string(m_attempts[id]) +
                                    " workers died reading it (last: " + why + ")"});
    }
    if (m_lines) m_lines->finish(id);
    markHeld(id);
    --m_remaining;
    releaseBlock(id);
  }

  void watchdog() {
    const auto now = Clock::now();
    for (WorkerSlot& w : m_workers) {
      if (w.throttled || !w.child.running()) continue;
      const bool stuck = w.busy() && now - w.lastProgress > m_options.taskTimeout;
      // Silence: stopped (SIGSTOP) or wedged, maybe before its Ready, inside
      // the queue's lock, or with a task popped but not yet announced; none
      // of which a busy check sees. A starting worker gets longer.
      const Clock::duration allowed =
          w.ready ? m_options.taskTimeout
                  : std::max<Clock::duration>(m_options.taskTimeout, kStartAllowance);
      if (stuck || now - w.lastHeard > allowed) {
        // SIGKILL works even on a stopped process, and the pipe EOF then
        // routes it through onWorkerExit (which re-runs its claimed task).
        w.child.kill(SIGKILL);
        w.lastProgress = w.lastHeard = now;
      }
    }
  }

  /// Throws SegmentModified if the queue in shared memory disagrees with
  /// what this coordinator pushed, or the run stalls in a way only a
  /// modified segment explains.
  void checkSegment() {
    std::vector<SegmentWatch::WorkerView> views;
    views.reserve(m_workers.size());
    for (const WorkerSlot& w : m_workers) {
      views.push_back({w.child.running(), w.lastHeard, w.busy() ? std::nullopt : w.lastIdleBeat});
    }
    m_watch.check(Clock::now(), views);
  }

  void shutdown() {
    checkSegment();  // the results merged came from tasks of an intact queue
    for (unsigned k = 0; k < m_workers.size(); ++k) {
      if (!m_queue.pushSentinelFor(std::chrono::seconds(5))) break;
      m_watch.pushed(ipc::TaskSlot{.flags = ipc::TaskSlot::kSentinel});
    }
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    for (WorkerSlot& w : m_workers) {
      const auto left = std::max(Clock::duration::zero(), deadline - Clock::now());
      if (w.child.running() &&
          !w.child.waitFor(std::chrono::duration_cast<std::chrono::milliseconds>(left))) {
        w.child.killAndReap();
      }
    }
  }

  void checkInterrupt() {
    if (m_lines) m_lines->rethrowWriteError();  // e.g. `| head` closed the pipe
    if (const int sig = pendingInterrupt()) {
      for (WorkerSlot& w : m_workers) w.child.killAndReap();
      throw Interrupted(sig);  // the segment's owner removes it on the way out
    }
  }

  const PoolOptions& m_options;
  const workers::Query& m_query;
  const TaskList& m_work;
  std::vector<Task> m_tasks;  // the plan's, then one per stream block as it is cut
  OrderedOutput* m_lines;
  std::vector<unsigned> m_attempts;
  std::vector<bool> m_done;
  std::size_t m_remaining;
  const std::vector<std::uint32_t> m_streams;
  const RingShape m_shape;
  std::uint64_t m_doneBytes = 0;
  std::deque<std::uint32_t> m_pending;
  std::vector<workers::FileError> m_gaveUp;
  ProgressMeter m_progress;
  PassedInputs m_inputs;
  ipc::SharedSegment m_segment;
  ipc::TaskQueue m_queue;
  ipc::FileTable m_files;
  SegmentWatch m_watch{m_queue, m_segment.path()};
  // Taken once, before any worker exists: never re-read from the segment.
  const std::uint32_t m_filesCrc = m_files.checksum();
  // A stream fan-out: the ring in the segment, the producer's wake-up pipe,
  // the producer (stopped before the segment goes), each block's slot.
  std::optional<ipc::BlockRing> m_ring;
  ipc::Pipe m_wake = ipc::makePipe("stream wake-up pipe");
  std::optional<StreamFeeder> m_feeder;
  std::unordered_map<std::uint32_t, std::uint32_t> m_blockSlots;
  std::unordered_set<std::uint32_t> m_gaveUpStreams;  // files with a block given up
  std::vector<WorkerSlot> m_workers;
  std::size_t m_restarts = 0;  // replacements in the whole run
  ipc::SegmentBusGuard m_busGuard{m_segment.name()};
  PartialReducer m_reducer;
};

}  // namespace

RunResult ProcessPool::run(const workers::Query& query, const TaskList& work,
                           OrderedOutput* lines) {
  if (m_options.selfExe.empty())
    throw std::logic_error("process pool needs the logmill binary path");
  if (work.tasks.empty()) return {};
  ipc::ignoreSigpipe();
  InterruptGuard interrupts;  // SIGINT/SIGTERM become a clean stop, not a leak
  Coordinator coordinator(m_options, query, work, lines);
  return coordinator.run();
}

}  // namespace logmill::engine
