#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "engine/SegmentWatch.hpp"
#include "ipc/SharedSegment.hpp"

namespace logmill::engine {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using Clock = SegmentWatch::Clock;
using ipc::TaskQueue;
using ipc::TaskSlot;

constexpr const char* kName = "tasks";

TaskSlot slot(std::uint32_t id) {
  return TaskSlot{.taskId = id, .fileIndex = id, .begin = 0, .end = 100 + id};
}

struct Fixture {
  ipc::SharedSegment segment =
      ipc::SharedSegment::create(ipc::kSegmentOverhead + TaskQueue::bytesNeeded(8, 2));
  TaskQueue queue = TaskQueue::create(segment, kName, 8, 2);
  SegmentWatch watch{queue, segment.path()};
  Clock::time_point t0 = Clock::now();

  void push(const TaskSlot& s) {
    queue.push(s);
    watch.pushed(s);
  }
  /// What another process does with `dd if=/dev/zero conv=notrunc`.
  void zeroQueue() {
    const auto [words, count] = segment.managed().find_no_lock<std::uint64_t>(kName);
    std::memset(words, 0, count * sizeof(std::uint64_t));
  }
  std::string message(Clock::time_point now, const std::vector<SegmentWatch::WorkerView>& w) {
    try {
      watch.check(now, w);
    } catch (const SegmentModified& e) {
      return e.what();
    }
    return "";
  }
};

TEST(SegmentWatch, AnIntactQueueWithClaimsPasses) {
  Fixture f;
  for (std::uint32_t i = 0; i < 5; ++i) f.push(slot(i));
  EXPECT_EQ(f.queue.pop(0), slot(0));
  EXPECT_EQ(f.queue.pop(1), slot(1));
  EXPECT_EQ(f.message(f.t0, {}), "");
  for (std::uint32_t i = 5; i < 12; ++i) {  // around the ring
    EXPECT_EQ(f.queue.pop(0).taskId, i - 3);
    f.push(slot(i));
  }
  EXPECT_EQ(f.message(f.t0, {}), "");
}

TEST(SegmentWatch, AZeroedQueueIsNamedAtOnce) {
  Fixture f;
  f.push(slot(0));
  f.push(slot(1));
  f.zeroQueue();
  EXPECT_THAT(f.message(f.t0, {}), AllOf(HasSubstr("shared memory segment " + f.segment.path() +
                                                   " was modified by another process"),
                                         HasSubstr("header")));
}

TEST(SegmentWatch, APushItDidNotMakeIsNamed) {
  Fixture f;
  f.push(slot(0));
  f.queue.push(slot(7));  // not the coordinator's
  EXPECT_THAT(f.message(f.t0, {}), HasSubstr("its tail is 2 but 1 tasks were pushed"));
}

TEST(SegmentWatch, ARewrittenSlotIsNamed) {
  Fixture f;
  f.push(slot(0));
  f.queue.push(slot(1));
  f.watch.pushed(slot(2));  // what the coordinator pushed at position 1
  EXPECT_THAT(f.message(f.t0, {}), HasSubstr("position 1 is not the one pushed there"));
}

TEST(SegmentWatch, AClaimOnATaskNeverPushedIsNamed) {
  Fixture f;
  f.queue.push(slot(4));
  f.watch.pushed(slot(3));
  (void)f.queue.pop(1);  // the slot is gone from the ring; the claim remains
  EXPECT_THAT(f.message(f.t0, {}), HasSubstr("worker 1's claim"));
}

TEST(SegmentWatch, QueuedTasksThatIdleWorkersNeverTakeAreAStall) {
  Fixture f;
  f.push(slot(0));
  const std::vector<SegmentWatch::WorkerView> busy{{true, f.t0 + 5s, std::nullopt}};
  const std::vector<SegmentWatch::WorkerView> idle{{true, f.t0 + 5s, f.t0 + 3s}};
  EXPECT_EQ(f.message(f.t0, idle), "");       // the stall starts
  EXPECT_EQ(f.message(f.t0 + 3s, idle), "");  // not yet kStallLimit
  EXPECT_EQ(f.message(f.t0 + 5s, busy), "");  // workers busy: the queue waits for them
  EXPECT_THAT(f.message(f.t0 + 5s, idle), HasSubstr("1 tasks stay queued while idle workers"));
}

TEST(SegmentWatch, AQueueThatMovesIsNoStall) {
  Fixture f;
  f.push(slot(0));
  f.push(slot(1));
  const std::vector<SegmentWatch::WorkerView> idle{{true, f.t0 + 9s, f.t0 + 9s}};
  EXPECT_EQ(f.message(f.t0, idle), "");
  (void)f.queue.pop(0);  // head moved: the clock starts again
  EXPECT_EQ(f.message(f.t0 + 5s, idle), "");
  EXPECT_EQ(f.message(f.t0 + 8s, idle), "");
  EXPECT_THAT(f.message(f.t0 + 10s, idle), HasSubstr("stay queued"));
}

TEST(SegmentWatch, ALockHeldByNoLiveWorkerIsNamedButAStoppedWorkerIsNot) {
  Fixture f;
  const pid_t pid = ::fork();
  if (pid == 0) f.queue.abandonLockForTesting(TaskQueue::Abandon::Stop, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, WUNTRACED), pid);
  ASSERT_TRUE(WIFSTOPPED(status));
  const std::vector<SegmentWatch::WorkerView> silent{{true, f.t0, std::nullopt}};
  const std::vector<SegmentWatch::WorkerView> beating{{true, f.t0 + 4s, std::nullopt}};
  EXPECT_EQ(f.message(f.t0, beating), "");
  // The holder may be a stopped worker (silent since): --task-timeout's case.
  EXPECT_EQ(f.message(f.t0 + 5s, silent), "");
  EXPECT_THAT(f.message(f.t0 + 5s, beating), HasSubstr("its lock has been held for 5 s"));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
}

}  // namespace
}  // namespace logmill::engine
