#include "workers/process/runWorker.hpp"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ipc/BlockRing.hpp"
#include "ipc/ChildProcess.hpp"
#include "ipc/FileTable.hpp"
#include "ipc/Frame.hpp"
#include "ipc/SharedSegment.hpp"
#include "ipc/TaskQueue.hpp"
#include "ipc/WorkerProtocol.hpp"
#include "ipc/prefault.hpp"
#include "workers/map/TaskRunner.hpp"
#include "workers/process/keepHeap.hpp"
#include "workers/process/taskSlot.hpp"

namespace logmill::workers {
namespace {

constexpr std::uint32_t kNoTask = ipc::HeartbeatMessage::kIdle;
// A worker holding more groups than this sends them without waiting for the
// queue to empty: its memory stays bounded on results of any size.
constexpr std::size_t kMaxHeldGroups = std::size_t{1} << 22;
// Room a result's encoding takes up front (Partial::encode): a report's is
// ~13 MB for 4 files, and growing to that by doubling faulted in ~16 MB of
// copies on the worker's last, critical step. Under the 16 MiB mmap
// threshold (keepHeapBetweenTasks), so it comes from the kept heap and
// reuses what earlier tasks freed; pages never written cost nothing.
constexpr std::size_t kResultReserve = std::size_t{15} << 20;

/// The partials of the tasks a worker has finished but not yet sent, to go
/// as one merged partial (not one per task): that keeps the coordinator's
/// decoding and merging small when results are big. Each task's partial is
/// sorted while it is small (its keys still in cache) and joined to the
/// others in one pass, smallest first, instead of growing one big hash map.
class HeldTasks {
 public:
  explicit HeldTasks(ipc::FrameWriter& writer) : m_writer(writer) {}
  [[nodiscard]] bool empty() const { return m_ids.empty(); }
  /// Task `id`'s partial is held: tells the coordinator.
  void hold(std::uint32_t id, Partial&& partial) {
    m_sent.clear();
    // Tasks added in place hold what the held partial holds; others add
    // their own groups (a key once per task).
    m_groups = m_addedInPlace ? rowsOf(m_runs.front()) : m_groups + rowsOf(partial);
    m_addedInPlace = false;
    partial.sortGroups();
    m_runs.push_back(std::move(partial));
    while (m_runs.size() > 1 &&
           m_runs[m_runs.size() - 2].groups().size() <= 2 * m_runs.back().groups().size()) {
      mergeLast();
    }
    m_ids.push_back(id);
    m_writer.write(ipc::MessageType::Held, ipc::encodeHeld(id));
  }
  [[nodiscard]] bool overBudget() const { return m_groups > kMaxHeldGroups; }
  /// The held partial itself, for a task to add to directly (then hold()
  /// it with an empty partial).
  [[nodiscard]] Partial& inPlace() {
    m_sent.clear();
    while (m_runs.size() > 1) mergeLast();
    if (m_runs.empty()) m_runs.emplace_back();
    m_addedInPlace = true;
    return m_runs.front();
  }
  /// Sends what is held as one Result and starts afresh. The sent partial
  /// is freed when the next task comes, not now: freeing a report's rows
  /// and visitor sets chunk by chunk costs ~75 ms of CPU, which on two cores
  /// the other worker's last task and the coordinator's decode would wait
  /// behind, and is not needed at all if no task comes (see leakOnExit).
  void send() {
    if (m_ids.empty()) return;
    while (m_runs.size() > 1) mergeLast();
    const std::string partial = m_runs.front().encode(kResultReserve);
    m_writer.write(ipc::MessageType::Result, ipc::encodeResultHead(m_ids), partial);
    m_sent = std::move(m_runs);
    m_runs.clear();
    m_ids.clear();
    m_groups = 0;
  }
  /// The worker is about to exit: what was sent is left to the exit's unmap,
  /// not freed (reachable from a static, so leak checkers stay quiet).
  void leakOnExit() {
    static std::vector<Partial>* exitHeld = nullptr;
    delete exitHeld;
    exitHeld = new std::vector<Partial>(std::move(m_sent));
    m_sent.clear();
  }

 private:
  /// Groups and --agg rows: what the budget counts.
  static std::size_t rowsOf(const Partial& p) {
    return p.groups().size() + p.aggregates().rows().size();
  }

  void mergeLast() {
    Partial last = std::move(m_runs.back());
    m_runs.pop_back();
    m_runs.back().merge(std::move(last));
  }

  ipc::FrameWriter& m_writer;
  std::vector<Partial> m_runs;  // each at least twice the groups of the next
  std::vector<Partial> m_sent;  // the last partial sent, freed lazily (send)
  std::vector<std::uint32_t> m_ids;
  std::size_t m_groups = 0;  // groups and --agg rows held (see hold)
  bool m_addedInPlace = false;  // inPlace() was handed out for the task being held
};

/// Fault injection for the pool's integration tests, read from the
/// environment; inert unless a LOGMILL_TEST_* variable is set.
struct TestHooks {
  long crashWorker = -1;              // LOGMILL_TEST_CRASH_WORKER: this index...
  std::uint64_t crashAfterLines = 0;  // LOGMILL_TEST_CRASH_AFTER_LINES: ...SIGKILLs itself
  long crashAtTask = -1;  // LOGMILL_TEST_CRASH_AT_TASK: ...or on taking its Nth task (1-based),
                          // holding the ones before it
  long stopWorker = -1;   // LOGMILL_TEST_STOP_WORKER: SIGSTOPs itself on its first task,
  std::string stopAt = "task";  // or, LOGMILL_TEST_STOP_AT=ready|claim, before its Ready
                                // message or with a task popped but not yet announced
  std::string poison;           // LOGMILL_TEST_POISON: any worker dies on paths containing it

  static long envLong(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::atol(v) : -1;
  }
  TestHooks() {
    crashWorker = envLong("LOGMILL_TEST_CRASH_WORKER");
    crashAfterLines =
        static_cast<std::uint64_t>(std::max(0L, envLong("LOGMILL_TEST_CRASH_AFTER_LINES")));
    crashAtTask = envLong("LOGMILL_TEST_CRASH_AT_TASK");
    stopWorker = envLong("LOGMILL_TEST_STOP_WORKER");
    if (const char* p = std::getenv("LOGMILL_TEST_POISON")) poison = p;
    if (const char* s = std::getenv("LOGMILL_TEST_STOP_AT")) stopAt = s;
  }
};

/// Sends a heartbeat every `interval` from its own thread: for the current
/// task, so a long task shows it is alive and how far it got, and between
/// tasks, so the coordinator can tell an idle worker from a stopped one.
class Heartbeat {
 public:
  Heartbeat(ipc::FrameWriter& writer, std::chrono::milliseconds interval)
      : m_writer(writer), m_interval(interval), m_thread([this] { loop(); }) {}
  ~Heartbeat() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
  }
  void start(std::uint32_t task) {
    m_bytes = 0;
    m_task = task;
    send();  // announces the task at once
  }
  void progress(std::uint64_t bytes) { m_bytes = bytes; }
  void finish() { m_task = kNoTask; }

 private:
  void send() {
    const std::uint32_t task = m_task;
    m_writer.write(ipc::MessageType::Heartbeat,
                   ipc::encodeHeartbeat({task, task == kNoTask ? 0 : m_bytes.load()}));
  }
  void loop() {
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, m_interval, [this] { return m_stop; })) {
      try {
        send();
      } catch (const std::exception&) {
        return;  // the coordinator is gone; the main thread finds out too
      }
    }
  }

  ipc::FrameWriter& m_writer;
  std::chrono::milliseconds m_interval;
  std::atomic<std::uint32_t> m_task{kNoTask};
  std::atomic<std::uint64_t> m_bytes{0};
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;
};

Query receiveQuery(const ipc::Fd& control) {
  const auto frame = ipc::readFrame(control);
  if (!frame || ipc::messageTypeOf(*frame) != ipc::MessageType::Query) {
    throw std::runtime_error("worker: expected the query from the coordinator");
  }
  return Query::decode(frame->payload);
}

/// grep's lines go back over the results pipe, tagged with their task.
class PipeLineSink final : public LineSink {
 public:
  explicit PipeLineSink(ipc::FrameWriter& writer) : m_writer(writer) {}
  void lines(std::uint32_t task, std::string_view batch) override {
    m_writer.write(ipc::MessageType::Lines, ipc::encodeLines(task, batch));
  }

 private:
  ipc::FrameWriter& m_writer;
};

/// The blocks of a stream fan-out as this worker sees them: their text is
/// in the segment's ring, found on the first block (a run without streams
/// has no ring).
class RingBlocks {
 public:
  explicit RingBlocks(ipc::SharedSegment& segment) : m_segment(segment) {}

  /// The text of the block `slot` names.
  std::string_view text(const ipc::TaskSlot& slot) {
    if (!m_ring) {
      m_ring.emplace(ipc::BlockRing::open(m_segment, ipc::kBlockRingName));
      m_prefaulted.assign(m_ring->slots(), false);
    }
    const std::string_view text = m_ring->view(slot.begin, slot.end);
    // A slot's first block maps its pages in one call, not a fault per
    // 64 KiB; later blocks in the slot find them mapped.
    const std::size_t k = slot.begin / m_ring->slotBytes();
    if (!m_prefaulted[k]) {
      m_prefaulted[k] = true;
      (void)ipc::prefault(text, ipc::Prefault::Read);
    }
    return text;
  }

 private:
  ipc::SharedSegment& m_segment;
  std::optional<ipc::BlockRing> m_ring;
  std::vector<bool> m_prefaulted;  // ring slots whose pages this process mapped
};

}  // namespace

int runWorker(const ipc::WorkerArgs& args) {
  ipc::setParentDeathSignal(static_cast<pid_t>(args.parentPid));
  ipc::ignoreSigpipe();
  keepHeapBetweenTasks();
  ipc::Fd control(ipc::WorkerArgs::kControlFd, "control pipe");
  ipc::FrameWriter writer(ipc::Fd(ipc::WorkerArgs::kResultFd, "results pipe"));
  ipc::SharedSegment segment = ipc::SharedSegment::open(args.segment);
  ipc::TaskQueue queue = ipc::TaskQueue::open(segment, ipc::kQueueName);
  const ipc::FileTable files = ipc::FileTable::open(segment, ipc::kFileTableName);
  // Same-user tampering with /dev/shm must not make us read other files and
  // report them as the run's: the table is checked against the checksum that
  // came through our argv, then copied, and never read from the segment again.
  if (args.filesCrc && files.checksum() != *args.filesCrc) {
    throw std::runtime_error("the run's file list in shared memory segment " + args.segment +
                             " was changed by another process; stopping");
  }
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (std::uint32_t i = 0; i < files.size(); ++i) paths.emplace_back(files.path(i));
  const Query query = receiveQuery(control);
  PipeLineSink lines(writer);
  GzipIndexes indexes(args.indexDir);  // loaded here, keyed and verified, not trusted from afar
  TaskRunner runner(query, query.command == Command::Grep ? &lines : nullptr, &indexes);
  const TestHooks hooks;
  const bool firstLife = args.generation == 0;
  const bool stopHere = firstLife && hooks.stopWorker == args.index;

  Heartbeat heartbeat(writer, std::chrono::milliseconds(args.heartbeatMs));
  runner.onProgress([&](std::uint64_t lineCount, std::uint64_t bytesIn) {
    heartbeat.progress(bytesIn);
    if (firstLife && hooks.crashWorker == args.index && hooks.crashAtTask < 0 &&
        lineCount >= hooks.crashAfterLines) {
      ::kill(::getpid(), SIGKILL);
    }
  });
  if (stopHere && hooks.stopAt == "ready") ::raise(SIGSTOP);
  writer.write(ipc::MessageType::Ready,
               ipc::encodeReady({args.index, static_cast<std::uint32_t>(::getpid())}));
  RingBlocks blocks(segment);
  HeldTasks held(writer);
  // grep's lines are written as each task finishes, so its tasks are never
  // held (a held task is run again if its worker dies).
  const bool sendEachTask = query.command == Command::Grep;
  long tasksTaken = 0;
  // A report's panels are many small maps: adding each task to the held
  // partial costs less than building a second one and merging it (measured:
  // bench/results/2026-11-30-epyc-kvm-2c-partials.md). So does an --agg
  // table, which is merged by hash, not joined sorted (top 10 paths with
  // bytes: bench/results/2026-12-01-epyc-kvm-2c-session9.md). Big groups
  // (count --by host) are cheaper sorted per task and joined in one pass.
  const bool addInPlace = query.command == Command::Report || usesAggregates(query);
  for (;;) {
    // Holding tasks, do not wait: an empty queue means the run is ending (or
    // the coordinator is behind), and then what is held is sent.
    const auto slot =
        queue.popFor(args.index, held.empty() ? std::chrono::seconds(1) : std::chrono::seconds(0));
    if (!slot) {
      held.send();
      if (::getppid() != static_cast<pid_t>(args.parentPid)) return 1;  // orphaned
      continue;
    }
    if (slot->isSentinel()) {
      held.send();
      held.leakOnExit();
      return 0;
    }
    const Task task = taskFromSlot(*slot);
    if (task.file >= paths.size()) throw std::runtime_error("a task names no file of the run");
    const std::string& path = paths[task.file];
    if (stopHere && hooks.stopAt == "claim") ::raise(SIGSTOP);
    if (firstLife && hooks.crashWorker == args.index && ++tasksTaken == hooks.crashAtTask) {
      ::kill(::getpid(), SIGKILL);
    }
    heartbeat.start(task.id);
    if (!hooks.poison.empty() && path.find(hooks.poison) != std::string::npos) std::abort();
    if (stopHere && hooks.stopAt == "task") ::raise(SIGSTOP);
    Partial partial;
    const bool block = (slot->flags & ipc::TaskSlot::kBlock) != 0;
    if (block) {
      runner.runBlock(task.id, path, blocks.text(*slot), partial);
    } else {
      runner.run(task, path, addInPlace ? held.inPlace() : partial);
    }
    heartbeat.finish();
    held.hold(task.id, std::move(partial));
    // A block's ring slot is reused only once its partial reached the
    // coordinator: holding blocks would stall the producer on a full ring.
    if (sendEachTask || block || held.overBudget()) held.send();
  }
}

}  // namespace logmill::workers
