// The worker process loop, end to end through its real protocol: a forked
// child runs runWorker() on pipes at fds 3 and 4 and a real segment, and
// this test plays the coordinator.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <optional>
#include <string>

#include "ipc/FileTable.hpp"
#include "ipc/Frame.hpp"
#include "ipc/SharedSegment.hpp"
#include "ipc/TaskQueue.hpp"
#include "ipc/WorkerProtocol.hpp"
#include "tests/TempDir.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/process/runWorker.hpp"
#include "workers/process/taskSlot.hpp"

namespace logmill::workers {
namespace {

using logmill::testing::TempDir;

std::string logLines(int n, int salt) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "10.0." + std::to_string(salt) + "." + std::to_string(i % 5) +
            " - - [17/May/2015:10:05:03 +0000] \"GET /x HTTP/1.1\" " +
            std::to_string(200 + (i % 4) * 100) + " 10 \"-\" \"ua\"\n";
  }
  return text;
}

struct Exchange {
  std::vector<std::string> kinds;   // message kinds in arrival order
  std::vector<std::uint32_t> held;  // Held task ids in arrival order
  std::vector<std::pair<std::vector<std::uint32_t>, Partial>> results;  // task ids, partial
  std::map<std::uint32_t, std::string> lines;
  int exitStatus = -1;
};

/// Runs a worker over `tasks` of `files` for `query`, returning what it sent.
/// `filesCrc`: what the worker is told the file table's checksum is (the
/// coordinator's own value unless a test says otherwise).
/// `later`: tasks queued only once the worker sent its first Result (it
/// found the queue empty), then the sentinel.
Exchange runWorkerOver(const Query& query, const TaskList& work,
                       std::optional<std::uint32_t> filesCrc = std::nullopt,
                       const std::vector<Task>& later = {}) {
  std::vector<std::string> files = work.files;
  ipc::SharedSegment segment =
      ipc::SharedSegment::create(ipc::kSegmentOverhead + ipc::FileTable::bytesNeeded(files) +
                                 ipc::TaskQueue::bytesNeeded(8, 1));
  ipc::TaskQueue queue = ipc::TaskQueue::create(segment, ipc::kQueueName, 8, 1);
  const ipc::FileTable table = ipc::FileTable::create(segment, ipc::kFileTableName, files);
  ipc::Pipe control = ipc::makePipe("control");
  ipc::Pipe results = ipc::makePipe("results");
  ipc::WorkerArgs args;
  args.segment = segment.name();
  args.parentPid = ::getpid();
  args.heartbeatMs = 50;
  args.filesCrc = filesCrc ? *filesCrc : table.checksum();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(control.readEnd.get(), ipc::WorkerArgs::kControlFd);
    ::dup2(results.writeEnd.get(), ipc::WorkerArgs::kResultFd);
    int rc = 3;
    try {
      rc = runWorker(args);
    } catch (...) {
    }
    ::_exit(rc);
  }
  control.readEnd.reset();
  results.writeEnd.reset();
  // A worker that refuses to start closes its end first: EPIPE, not SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  // Every task is queued before the query is sent (the worker pops only
  // after it has the query), so it never finds the queue empty mid-run.
  for (const Task& t : work.tasks) queue.push(slotFromTask(t));
  if (later.empty()) queue.pushSentinel();
  try {
    ipc::writeFrame(control.writeEnd, ipc::MessageType::Query, query.encode());
  } catch (const ipc::SystemError&) {
  }
  Exchange out;
  while (auto frame = ipc::readFrame(results.readEnd)) {
    out.kinds.push_back(ipc::messageTypeName(frame->type));
    if (ipc::messageTypeOf(*frame) == ipc::MessageType::Result) {
      const auto r = ipc::decodeResult(frame->payload);
      out.results.emplace_back(r.taskIds, Partial::decode(r.body));
      if (!later.empty() && out.results.size() == 1) {
        for (const Task& t : later) queue.push(slotFromTask(t));
        queue.pushSentinel();
      }
    } else if (ipc::messageTypeOf(*frame) == ipc::MessageType::Held) {
      out.held.push_back(ipc::decodeHeld(frame->payload));
    } else if (ipc::messageTypeOf(*frame) == ipc::MessageType::Lines) {
      const auto r = ipc::decodeLines(frame->payload);
      out.lines[r.taskId] += r.body;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  out.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

TEST(RunWorker, MapsEveryTaskHoldsItAndSendsOneMergedPartialThenExitsOnTheSentinel) {
  TempDir t;
  TaskList work;
  work.files = {t.write("a.log", logLines(400, 1)), t.write("b.log", logLines(300, 2))};
  const std::uint64_t half = logLines(400, 1).size() / 2;
  work.tasks = {{0, 0, {0, half}, 0}, {1, 1, {}, 0}, {2, 0, {half, ByteRange{}.end}, 0}};
  Query q;
  q.command = Command::Count;
  q.by = {Field::Host, Field::Status};
  const Exchange got = runWorkerOver(q, work);
  EXPECT_EQ(got.exitStatus, 0);
  ASSERT_FALSE(got.kinds.empty());
  EXPECT_EQ(got.kinds.front(), "Ready");
  // Each task announced as held, in the order taken; then one Result for
  // all three (the queue never ran empty before the sentinel).
  EXPECT_EQ(got.held, (std::vector<std::uint32_t>{0, 1, 2}));
  ASSERT_EQ(got.results.size(), 1u);
  EXPECT_EQ(got.results[0].first, got.held);
  EXPECT_EQ(std::count(got.kinds.begin(), got.kinds.end(), "Result"), 1);
  EXPECT_LT(std::find(got.kinds.begin(), got.kinds.end(), "Held") - got.kinds.begin(),
            std::find(got.kinds.begin(), got.kinds.end(), "Result") - got.kinds.begin());
  Mapper reference(q);
  Partial expected;
  for (const Task& task : work.tasks) reference.run(work.pathOf(task), task.range, expected);
  EXPECT_EQ(got.results[0].second.groups(), expected.groups());
  EXPECT_TRUE(got.results[0].second.groups().sortedByKey());  // sorted in the worker
  EXPECT_EQ(got.results[0].second.stats().lines, 700u);
  EXPECT_TRUE(got.lines.empty());
}

TEST(RunWorker, APartialSentWhenTheQueueRanDryIsNotPartOfTheNextOne) {
  // The worker keeps its sent partial's memory until the next task comes:
  // the next Result must hold only the task taken after it. One later task,
  // over the same file as the first, so a leftover of the first partial
  // would double its counts (two later tasks could be taken with the queue
  // found dry between them: a third Result, under load).
  TempDir t;
  TaskList work;
  work.files = {t.write("a.log", logLines(400, 1))};
  work.tasks = {{0, 0, {}, 0}};
  const std::vector<Task> later = {{1, 0, {}, 0}};
  Query q;
  q.command = Command::Report;
  const Exchange got = runWorkerOver(q, work, std::nullopt, later);
  EXPECT_EQ(got.exitStatus, 0);
  ASSERT_EQ(got.results.size(), 2u);
  EXPECT_EQ(got.results[0].first, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(got.results[1].first, (std::vector<std::uint32_t>{1}));
  Partial expected;
  Mapper(q).run(work.files[0], {}, expected);
  ASSERT_TRUE(got.results[0].second.report() && got.results[1].second.report());
  EXPECT_TRUE(*got.results[0].second.report() == expected.report());
  EXPECT_TRUE(*got.results[1].second.report() == expected.report());
  EXPECT_EQ(got.results[0].second.stats().lines, 400u);
  EXPECT_EQ(got.results[1].second.stats().lines, 400u);
}

TEST(RunWorker, GrepLinesTravelAsLinesMessagesBeforeTheirResult) {
  TempDir t;
  TaskList work;
  work.files = {t.write("a.log", logLines(50, 3))};
  work.tasks = {{0, 0, {}, 0}};
  Query q;
  q.command = Command::Grep;
  q.where = "status == 500";
  const Exchange got = runWorkerOver(q, work);
  EXPECT_EQ(got.exitStatus, 0);
  std::string expected;
  const std::string all = logLines(50, 3);
  for (std::size_t at = 0; at < all.size();) {
    const std::size_t end = all.find('\n', at) + 1;
    const std::string line = all.substr(at, end - at);
    if (line.find("\" 500 ") != std::string::npos) expected += line;
    at = end;
  }
  EXPECT_EQ(got.lines.at(0), expected);
  const auto lines = std::find(got.kinds.begin(), got.kinds.end(), "Lines");
  const auto result = std::find(got.kinds.begin(), got.kinds.end(), "Result");
  EXPECT_LT(lines, result);
  ASSERT_EQ(got.results.size(), 1u);
  EXPECT_EQ(got.results[0].first, std::vector<std::uint32_t>{0});
}

TEST(RunWorker, AFileTableThatDoesNotMatchItsChecksumIsNeverRead) {
  // What a worker sees when another process rewrote the table in /dev/shm:
  // it stops before reading anything, so no other file is counted as the run's.
  TempDir t;
  TaskList work;
  work.files = {t.write("a.log", logLines(10, 4))};
  work.tasks = {{0, 0, {}, 0}};
  Query q;
  q.command = Command::Count;
  ::testing::internal::CaptureStderr();
  const Exchange got = runWorkerOver(q, work, 12345u);
  (void)::testing::internal::GetCapturedStderr();
  EXPECT_NE(got.exitStatus, 0);
  EXPECT_TRUE(got.results.empty());
  EXPECT_TRUE(std::find(got.kinds.begin(), got.kinds.end(), "Ready") == got.kinds.end());
}

}  // namespace
}  // namespace logmill::workers
