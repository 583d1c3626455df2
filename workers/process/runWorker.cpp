#include "workers/process/runWorker.hpp"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ipc/BlockRing.hpp"
#include "ipc/ChildProcess.hpp"
#include "ipc/FileTable.hpp"
#include "ipc/Frame.hpp"
#include "ipc/SharedSegment.hpp"
#include "ipc/TaskQueue.hpp"
#include "ipc/WorkerProtocol.hpp"
#include "workers/map/TaskRunner.hpp"
#include "workers/process/taskSlot.hpp"

namespace logmill::workers {
namespace {

constexpr std::uint32_t kNoTask = ipc::HeartbeatMessage::kIdle;

/// Fault injection for the pool's integration tests, read from the
/// environment; inert unless a LOGMILL_TEST_* variable is set.
struct TestHooks {
  long crashWorker = -1;              // LOGMILL_TEST_CRASH_WORKER: this index...
  std::uint64_t crashAfterLines = 0;  // LOGMILL_TEST_CRASH_AFTER_LINES: ...SIGKILLs itself
  long stopWorker = -1;         // LOGMILL_TEST_STOP_WORKER: SIGSTOPs itself on its first task,
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

}  // namespace

int runWorker(const ipc::WorkerArgs& args) {
  ipc::setParentDeathSignal(static_cast<pid_t>(args.parentPid));
  ipc::ignoreSigpipe();
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
    if (firstLife && hooks.crashWorker == args.index && lineCount >= hooks.crashAfterLines) {
      ::kill(::getpid(), SIGKILL);
    }
  });
  if (stopHere && hooks.stopAt == "ready") ::raise(SIGSTOP);
  writer.write(ipc::MessageType::Ready,
               ipc::encodeReady({args.index, static_cast<std::uint32_t>(::getpid())}));
  std::optional<ipc::BlockRing> ring;
  for (;;) {
    const auto slot = queue.popFor(args.index, std::chrono::seconds(1));
    if (!slot) {
      if (::getppid() != static_cast<pid_t>(args.parentPid)) return 1;  // orphaned
      continue;
    }
    if (slot->isSentinel()) return 0;
    const Task task = taskFromSlot(*slot);
    if (task.file >= paths.size()) throw std::runtime_error("a task names no file of the run");
    const std::string& path = paths[task.file];
    if (stopHere && hooks.stopAt == "claim") ::raise(SIGSTOP);
    heartbeat.start(task.id);
    if (!hooks.poison.empty() && path.find(hooks.poison) != std::string::npos) std::abort();
    if (stopHere && hooks.stopAt == "task") ::raise(SIGSTOP);
    Partial partial;
    if ((slot->flags & ipc::TaskSlot::kBlock) != 0) {
      // A block of a stream fan-out: its text is in the segment's ring,
      // found on the first block (a run without streams has no ring).
      if (!ring) ring.emplace(ipc::BlockRing::open(segment, ipc::kBlockRingName));
      runner.runBlock(task.id, path, ring->view(slot->begin, slot->end), partial);
      ring->dropPages(slot->begin, slot->end);
    } else {
      runner.run(task, path, partial);
    }
    heartbeat.finish();
    writer.write(ipc::MessageType::Result, ipc::encodeResult(task.id, partial.encode()));
  }
}

}  // namespace logmill::workers
