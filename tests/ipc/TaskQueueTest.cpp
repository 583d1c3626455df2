#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "ipc/ChildProcess.hpp"
#include "ipc/TaskQueue.hpp"
#include "ipc/posix.hpp"

namespace logmill::ipc {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr const char* kQueueName = "tasks";

TaskSlot task(std::uint32_t id) {
  return TaskSlot{
      .taskId = id, .fileIndex = id % 7, .begin = id * 1000ull, .end = id * 1000ull + 999};
}

SharedSegment makeSegment(std::uint32_t capacity, std::uint32_t workers) {
  return SharedSegment::create(kSegmentOverhead + TaskQueue::bytesNeeded(capacity, workers));
}

// Runs `body` in a forked child that attaches to the segment by name, like a
// worker would. The child's exit code reports failure; it never returns.
pid_t forkWorker(const std::string& segmentName, const std::function<int(TaskQueue&)>& body) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  int code = 99;
  try {
    SharedSegment segment = SharedSegment::open(segmentName);
    TaskQueue queue = TaskQueue::open(segment, kQueueName);
    code = body(queue);
  } catch (...) {
    code = 98;
  }
  ::_exit(code);
}

ExitStatus reap(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return ExitStatus::fromWaitStatus(status);
}

TEST(TaskQueue, FifoOrderAndSize) {
  SharedSegment segment = makeSegment(4, 1);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 1);
  EXPECT_EQ(q.capacity(), 4u);
  EXPECT_EQ(q.maxWorkers(), 1u);
  for (std::uint32_t i = 1; i <= 3; ++i) q.push(task(i));
  EXPECT_EQ(q.size(), 3u);
  for (std::uint32_t i = 1; i <= 3; ++i) EXPECT_EQ(q.pop(0), task(i));
  EXPECT_EQ(q.size(), 0u);
}

TEST(TaskQueue, RingWrapsAroundManyTimes) {
  SharedSegment segment = makeSegment(3, 1);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 3, 1);
  for (std::uint32_t i = 0; i < 1000; ++i) {
    q.push(task(i));
    q.push(task(i + 5000));
    EXPECT_EQ(q.pop(TaskQueue::kNoWorker).taskId, i);
    EXPECT_EQ(q.pop(TaskQueue::kNoWorker).taskId, i + 5000);
  }
}

TEST(TaskQueue, TimedPopOnEmptyAndTimedPushOnFullGiveUp) {
  SharedSegment segment = makeSegment(2, 1);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 2, 1);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(q.popFor(0, 40ms), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 40ms);

  EXPECT_TRUE(q.pushFor(task(1), 10ms));
  EXPECT_TRUE(q.pushFor(task(2), 10ms));
  start = std::chrono::steady_clock::now();
  EXPECT_FALSE(q.pushFor(task(3), 40ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 40ms);
  EXPECT_EQ(q.size(), 2u);
}

TEST(TaskQueue, BlockedPushResumesWhenAConsumerMakesRoom) {
  SharedSegment segment = makeSegment(1, 1);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 1, 1);
  q.push(task(1));
  std::thread consumer([&] {
    std::this_thread::sleep_for(30ms);
    EXPECT_EQ(q.pop(0).taskId, 1u);
  });
  EXPECT_TRUE(q.pushFor(task(2), 10s));
  consumer.join();
  EXPECT_EQ(q.pop(0).taskId, 2u);
}

TEST(TaskQueue, SentinelAndClaims) {
  SharedSegment segment = makeSegment(4, 2);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 2);
  EXPECT_EQ(q.lastClaim(1), std::nullopt);
  q.push(task(8));
  q.pushSentinel();
  EXPECT_EQ(q.pop(1), task(8));
  EXPECT_EQ(q.lastClaim(1), task(8));
  EXPECT_EQ(q.lastClaim(0), std::nullopt);
  const TaskSlot s = q.pop(1);
  EXPECT_TRUE(s.isSentinel());
  EXPECT_FALSE(task(8).isSentinel());
  q.clearClaim(1);
  EXPECT_EQ(q.lastClaim(1), std::nullopt);
  EXPECT_THROW((void)q.popFor(2, 1ms), std::out_of_range);
}

TEST(TaskQueue, OpenFindsTheQueueAndRejectsWrongNames) {
  SharedSegment segment = makeSegment(8, 1);
  TaskQueue created = TaskQueue::create(segment, kQueueName, 8, 1);
  created.push(task(3));
  TaskQueue opened = TaskQueue::open(segment, kQueueName);
  EXPECT_EQ(opened.capacity(), 8u);
  EXPECT_EQ(opened.pop(0), task(3));
  EXPECT_THAT(
      [&] {
        try {
          (void)TaskQueue::open(segment, "nope");
        } catch (const std::runtime_error& e) {
          return std::string(e.what());
        }
        return std::string("no error");
      }(),
      HasSubstr("task queue 'nope' in shared memory segment " + segment.name() +
                " does not exist"));
  EXPECT_THROW((void)TaskQueue::create(segment, kQueueName, 8, 1), std::runtime_error);
}

TEST(TaskQueue, AWorkerScribblingOnTheShapeCannotDerailTheCoordinator) {
  SharedSegment segment = makeSegment(4, 2);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 2);
  // The queue's header starts with a 64-bit magic, then capacity and
  // maxWorkers as 32-bit words: what a misbehaving worker could overwrite.
  auto* words = segment.managed().find<std::uint64_t>(kQueueName).first;
  ASSERT_NE(words, nullptr);
  auto* shape = reinterpret_cast<std::uint32_t*>(words + 1);
  shape[0] = 0;          // capacity 0: a modulo by zero if ever read again
  shape[1] = 1'000'000;  // maxWorkers: claims far outside the segment
  for (std::uint32_t i = 1; i <= 4; ++i) q.push(task(i));
  EXPECT_FALSE(q.pushFor(task(5), 10ms)) << "capacity must still be 4";
  EXPECT_EQ(q.pop(1), task(1));
  EXPECT_THROW((void)q.lastClaim(2), std::out_of_range);
  EXPECT_EQ(q.capacity(), 4u);
  EXPECT_EQ(q.maxWorkers(), 2u);
  // A worker attaching now is refused rather than trusting the shape.
  EXPECT_THROW((void)TaskQueue::open(segment, kQueueName), std::runtime_error);
}

TEST(TaskQueue, TooSmallASegmentIsAClearError) {
  SharedSegment segment = SharedSegment::create(kSegmentOverhead);
  try {
    (void)TaskQueue::create(segment, kQueueName, 1'000'000, 4);
    FAIL() << "create did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("create task queue 'tasks' (" +
                                    std::to_string(TaskQueue::bytesNeeded(1'000'000, 4)) +
                                    " bytes) in shared memory segment " + segment.name()));
  }
}

TEST(TaskQueue, ForkedWorkersPopEveryTaskExactlyOnce) {
  constexpr std::uint32_t kTasks = 20'000;
  constexpr std::uint32_t kWorkers = 2;
  SharedSegment segment = makeSegment(16, kWorkers);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 16, kWorkers);
  std::vector<Pipe> pipes;
  std::vector<pid_t> pids;
  for (std::uint32_t w = 0; w < kWorkers; ++w) {
    pipes.push_back(makePipe("worker " + std::to_string(w)));
    const int out = pipes.back().writeEnd.get();
    pids.push_back(forkWorker(segment.name(), [w, out](TaskQueue& queue) {
      std::vector<std::uint32_t> ids;
      for (;;) {
        const TaskSlot t = queue.pop(w);
        if (t.isSentinel()) break;
        if (t.end != t.begin + 999 || t.fileIndex != t.taskId % 7) return 3;
        ids.push_back(t.taskId);
      }
      writeAll(out, std::as_bytes(std::span(ids)), "results");
      return 0;
    }));
    pipes.back().writeEnd.reset();
  }
  for (std::uint32_t i = 0; i < kTasks; ++i) ASSERT_TRUE(q.pushFor(task(i), 30s));
  for (std::uint32_t w = 0; w < kWorkers; ++w) ASSERT_TRUE(q.pushSentinelFor(30s));

  std::vector<int> seen(kTasks, 0);
  for (std::uint32_t w = 0; w < kWorkers; ++w) {
    std::vector<std::uint32_t> ids(kTasks + 1);
    const std::size_t n = readFull(pipes[w].readEnd, std::as_writable_bytes(std::span(ids)));
    ASSERT_EQ(n % 4, 0u);
    for (std::size_t i = 0; i < n / 4; ++i) {
      ASSERT_LT(ids[i], kTasks);
      ++seen[ids[i]];
    }
    EXPECT_EQ(reap(pids[w]).describe(), "exited with status 0") << "worker " << w;
  }
  for (std::uint32_t i = 0; i < kTasks; ++i) ASSERT_EQ(seen[i], 1) << "task " << i;
  EXPECT_EQ(q.size(), 0u);
}

TEST(TaskQueue, SurvivesAWorkerKilledWhileHoldingTheLock) {
  SharedSegment segment = makeSegment(4, 2);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 2);
  q.push(task(1));
  const pid_t pid = forkWorker(segment.name(), [](TaskQueue& queue) -> int {
    queue.abandonLockForTesting(TaskQueue::Abandon::Kill, 0);
  });
  EXPECT_EQ(reap(pid).describe(), "killed by signal 9 (SIGKILL)");
  // Without a robust mutex these would block forever; give them a deadline
  // so a regression fails instead of hanging.
  EXPECT_TRUE(q.pushFor(task(2), 2s));
  EXPECT_EQ(q.popFor(0, 2s), task(1));
  EXPECT_EQ(q.popFor(0, 2s), task(2));
  EXPECT_EQ(q.recoveredOwnerDeaths(), 1u);
}

TEST(TaskQueue, PopInterruptedByDeathIsCompletedAndAttributedToTheDeadWorker) {
  SharedSegment segment = makeSegment(4, 2);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 2);
  q.push(task(10));
  q.push(task(11));
  const pid_t pid = forkWorker(segment.name(), [](TaskQueue& queue) -> int {
    queue.abandonLockForTesting(TaskQueue::Abandon::KillMidPop, 1);
  });
  EXPECT_EQ(reap(pid).describe(), "killed by signal 9 (SIGKILL)");
  // Task 10 now belongs to dead worker 1 (to be re-run), not to anyone else.
  EXPECT_EQ(q.popFor(0, 2s), task(11));
  EXPECT_EQ(q.lastClaim(1), task(10));
  EXPECT_EQ(q.popFor(0, 20ms), std::nullopt);
  EXPECT_EQ(q.recoveredOwnerDeaths(), 1u);
}

TEST(TaskQueue, StoppedHolderTimesOutUntilTheCoordinatorKillsIt) {
  SharedSegment segment = makeSegment(4, 1);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 1);
  const pid_t pid = forkWorker(segment.name(), [](TaskQueue& queue) -> int {
    queue.abandonLockForTesting(TaskQueue::Abandon::Stop, 0);
  });
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, WUNTRACED), pid);
  ASSERT_TRUE(WIFSTOPPED(status));
  // The timed variants are how the coordinator notices: no progress...
  EXPECT_FALSE(q.pushFor(task(1), 50ms));
  EXPECT_EQ(q.popFor(0, 50ms), std::nullopt);
  // ...then it kills the stuck worker, and the lock is recovered.
  ::kill(pid, SIGKILL);
  EXPECT_EQ(reap(pid).describe(), "killed by signal 9 (SIGKILL)");
  EXPECT_TRUE(q.pushFor(task(1), 2s));
  EXPECT_EQ(q.popFor(0, 2s), task(1));
  EXPECT_EQ(q.recoveredOwnerDeaths(), 1u);
}

TEST(TaskQueue, ConsumerKilledWhileWaitingLeavesNothingBehind) {
  SharedSegment segment = makeSegment(4, 2);
  TaskQueue q = TaskQueue::create(segment, kQueueName, 4, 2);
  const pid_t doomed = forkWorker(segment.name(), [](TaskQueue& queue) {
    (void)queue.pop(0);
    return 1;
  });
  std::this_thread::sleep_for(50ms);  // let it go to sleep on the futex
  ::kill(doomed, SIGKILL);
  EXPECT_EQ(reap(doomed).describe(), "killed by signal 9 (SIGKILL)");

  Pipe out = makePipe("survivor");
  const int fd = out.writeEnd.get();
  const pid_t survivor = forkWorker(segment.name(), [fd](TaskQueue& queue) {
    const TaskSlot t = queue.pop(1);
    writeAll(fd, std::as_bytes(std::span(&t.taskId, 1)), "survivor");
    return 0;
  });
  out.writeEnd.reset();
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(q.pushFor(task(77), 2s));
  std::uint32_t got = 0;
  ASSERT_EQ(readFull(out.readEnd, std::as_writable_bytes(std::span(&got, 1))), 4u);
  EXPECT_EQ(got, 77u);
  EXPECT_TRUE(reap(survivor).success());
  EXPECT_EQ(q.lastClaim(1), task(77));
}

}  // namespace
}  // namespace logmill::ipc
