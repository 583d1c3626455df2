// The shared-memory task queue (ipc::TaskQueue) against
// boost::interprocess::message_queue carrying the same 32-byte payload: push
// + pop in one process, a ping-pong and a stream across fork(), and the pipe
// frame codec.

#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "ipc/Frame.hpp"
#include "ipc/WorkerProtocol.hpp"
#include "ipc/SharedSegment.hpp"
#include "ipc/TaskQueue.hpp"

namespace {

namespace bip = boost::interprocess;
using logmill::ipc::TaskQueue;
using logmill::ipc::TaskSlot;

static_assert(sizeof(TaskSlot) == 32, "the comparison assumes a 32-byte payload");

constexpr std::uint32_t kCapacity = 64;

TaskSlot slotFor(std::uint64_t i) {
  return TaskSlot{static_cast<std::uint32_t>(i), 7, i * 1024, i * 1024 + 1024, 0};
}

/// A segment with two queues: "req" (parent -> child) and "resp" (back).
struct QueuePair {
  logmill::ipc::SharedSegment segment;
  TaskQueue req;
  TaskQueue resp;
  QueuePair()
      : segment(logmill::ipc::SharedSegment::create(2 * TaskQueue::bytesNeeded(kCapacity, 1) +
                                                    logmill::ipc::kSegmentOverhead)),
        req(TaskQueue::create(segment, "req", kCapacity, 1)),
        resp(TaskQueue::create(segment, "resp", kCapacity, 1)) {}
};

/// Runs `body` in a child process that exits without running destructors
/// (the parent owns the segment and the queues).
template <typename Body>
pid_t forkChild(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
}

void reap(benchmark::State& state, pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) state.SkipWithError("child failed");
}

// --- ipc::TaskQueue ---------------------------------------------------------

void BM_TaskQueuePushPop(benchmark::State& state) {
  QueuePair q;
  std::uint64_t i = 0;
  for (auto _ : state) {
    q.req.push(slotFor(i++));
    benchmark::DoNotOptimize(q.req.pop(0));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TaskQueuePushPop)->MinTime(0.3);

// One slot to the child and back: two wake-ups across processes per trip.
void BM_TaskQueuePingPongFork(benchmark::State& state) {
  QueuePair q;
  const pid_t child = forkChild([&q] {
    for (;;) {
      const TaskSlot slot = q.req.pop(0);
      if (slot.isSentinel()) return;
      q.resp.push(slot);
    }
  });
  std::uint64_t i = 0;
  for (auto _ : state) {
    q.req.push(slotFor(i++));
    benchmark::DoNotOptimize(q.resp.pop(TaskQueue::kNoWorker));
  }
  q.req.pushSentinel();
  reap(state, child);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TaskQueuePingPongFork)->UseRealTime()->MinTime(0.3);

// The parent pushes, a child pops (capacity 64): transfer rate when the
// consumer keeps up, as when workers pull tasks.
void BM_TaskQueueStreamFork(benchmark::State& state) {
  QueuePair q;
  const pid_t child = forkChild([&q] {
    while (!q.req.pop(0).isSentinel()) {
    }
  });
  std::uint64_t i = 0;
  for (auto _ : state) q.req.push(slotFor(i++));
  q.req.pushSentinel();
  reap(state, child);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TaskQueueStreamFork)->UseRealTime()->MinTime(0.3);

// --- boost::interprocess::message_queue -------------------------------------

std::string mqName(const char* role) {
  return std::string("logmill-bench-") + role + "-" + std::to_string(::getpid());
}

/// Two named message queues of 32-byte messages, removed on destruction.
struct MessageQueuePair {
  std::string reqName = mqName("req");
  std::string respName = mqName("resp");
  // Left over by a killed run: remove before creating.
  bool cleared =
      bip::message_queue::remove(reqName.c_str()) | bip::message_queue::remove(respName.c_str());
  bip::message_queue req{bip::create_only, reqName.c_str(), kCapacity, sizeof(TaskSlot)};
  bip::message_queue resp{bip::create_only, respName.c_str(), kCapacity, sizeof(TaskSlot)};
  ~MessageQueuePair() {
    bip::message_queue::remove(reqName.c_str());
    bip::message_queue::remove(respName.c_str());
  }
};

TaskSlot receive(bip::message_queue& mq) {
  TaskSlot slot;
  bip::message_queue::size_type got = 0;
  unsigned int priority = 0;
  mq.receive(&slot, sizeof slot, got, priority);
  return slot;
}

void send(bip::message_queue& mq, const TaskSlot& slot) {
  mq.send(&slot, sizeof slot, 0);
}

void BM_MessageQueueSendReceive(benchmark::State& state) {
  MessageQueuePair q;
  std::uint64_t i = 0;
  for (auto _ : state) {
    send(q.req, slotFor(i++));
    benchmark::DoNotOptimize(receive(q.req));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MessageQueueSendReceive)->MinTime(0.3);

void BM_MessageQueuePingPongFork(benchmark::State& state) {
  MessageQueuePair q;
  const pid_t child = forkChild([&q] {
    for (;;) {
      const TaskSlot slot = receive(q.req);
      if (slot.isSentinel()) return;
      send(q.resp, slot);
    }
  });
  std::uint64_t i = 0;
  for (auto _ : state) {
    send(q.req, slotFor(i++));
    benchmark::DoNotOptimize(receive(q.resp));
  }
  send(q.req, TaskSlot{0, 0, 0, 0, TaskSlot::kSentinel});
  reap(state, child);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MessageQueuePingPongFork)->UseRealTime()->MinTime(0.3);

void BM_MessageQueueStreamFork(benchmark::State& state) {
  MessageQueuePair q;
  const pid_t child = forkChild([&q] {
    while (!receive(q.req).isSentinel()) {
    }
  });
  std::uint64_t i = 0;
  for (auto _ : state) send(q.req, slotFor(i++));
  send(q.req, TaskSlot{0, 0, 0, 0, TaskSlot::kSentinel});
  reap(state, child);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MessageQueueStreamFork)->UseRealTime()->MinTime(0.3);

// --- pipe frames ------------------------------------------------------------

void BM_FrameEncode(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    benchmark::DoNotOptimize(logmill::ipc::encodeFrame(
        static_cast<std::uint16_t>(logmill::ipc::MessageType::Result), payload));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
}
BENCHMARK(BM_FrameEncode)->Arg(32)->Arg(4 << 10)->Arg(1 << 20)->MinTime(0.2);

// Feed one whole frame to a FrameDecoder and pop it (checks the CRC).
void BM_FrameDecode(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  const std::string frame = logmill::ipc::encodeFrame(3, payload);
  logmill::ipc::FrameDecoder decoder("bench");
  for (auto _ : state) {
    decoder.feed(frame);
    auto f = decoder.pop();
    benchmark::DoNotOptimize(f);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
}
BENCHMARK(BM_FrameDecode)->Arg(32)->Arg(4 << 10)->Arg(1 << 20)->MinTime(0.2);

void BM_HeartbeatCodec(benchmark::State& state) {
  logmill::ipc::HeartbeatMessage m{42, 123456789};
  for (auto _ : state) {
    const auto bytes = logmill::ipc::encodeHeartbeat(m);
    m = logmill::ipc::decodeHeartbeat(bytes);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_HeartbeatCodec)->MinTime(0.2);

}  // namespace

BENCHMARK_MAIN();
