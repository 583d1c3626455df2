#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/TempDir.hpp"
#include "workers/map/TaskRunner.hpp"

namespace logmill::workers {
namespace {

using logmill::testing::TempDir;

std::string logLine(int i, int status) {
  return "10.0.0." + std::to_string(i % 7) + " - - [17/May/2015:10:05:03 +0000] \"GET /p" +
         std::to_string(i) + " HTTP/1.1\" " + std::to_string(status) + " 10 \"-\" \"ua\"\n";
}

/// Records every batch with its task, as a pool's sink would see them.
struct RecordingSink final : LineSink {
  std::vector<std::pair<std::uint32_t, std::string>> batches;
  void lines(std::uint32_t task, std::string_view batch) override {
    batches.emplace_back(task, std::string(batch));
  }
};

TEST(TaskRunner, GrepLinesReachTheSinkTaggedWithTheirTaskBeforeRunReturns) {
  TempDir t;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += logLine(i, i % 5 == 0 ? 500 : 200);  // ~300 KB of matches
  const std::string path = t.write("a.log", text);
  Query q;
  q.command = Command::Grep;
  q.where = "status == 500";
  RecordingSink sink;
  TaskRunner runner(q, &sink);
  Partial p;
  runner.run({7, 0, {}, 0}, path, p);
  ASSERT_FALSE(sink.batches.empty());
  std::string all;
  for (const auto& [task, batch] : sink.batches) {
    EXPECT_EQ(task, 7u);
    ASSERT_FALSE(batch.empty());
    EXPECT_EQ(batch.back(), '\n');  // whole lines only
    all += batch;
  }
  std::string expected;
  for (int i = 0; i < 20000; i += 5) expected += logLine(i, 500);
  EXPECT_EQ(all, expected);            // in input order, each once
  EXPECT_GT(sink.batches.size(), 1u);  // batched, not one line at a time nor all at once
  EXPECT_LT(sink.batches.size(), 50u);

  sink.batches.clear();
  runner.run({8, 0, {0, 1}, 0}, path, p);  // just the first line: a match, for task 8
  ASSERT_EQ(sink.batches.size(), 1u);
  EXPECT_EQ(sink.batches[0], std::make_pair(8u, logLine(0, 500)));
}

TEST(TaskRunner, TasksOverRangesAddUpAndStatsCountEachTask) {
  TempDir t;
  std::string text;
  for (int i = 0; i < 300; ++i) text += logLine(i, 200 + i % 3);
  const std::string path = t.write("a.log", text);
  Query q;
  q.command = Command::Count;
  q.by = {Field::Status};
  TaskRunner runner(q);
  Partial whole;
  runner.run({0, 0, {}, 0}, path, whole);
  Partial parts;
  const std::uint64_t third = text.size() / 3;
  runner.run({1, 0, {0, third}, 0}, path, parts);
  runner.run({2, 0, {third, 2 * third}, 0}, path, parts);
  runner.run({3, 0, {2 * third, ByteRange{}.end}, 0}, path, parts);
  EXPECT_EQ(parts.groups(), whole.groups());
  EXPECT_EQ(runner.stats().tasks, 4u);
  EXPECT_EQ(runner.stats().bytesIn, whole.stats().bytesIn + parts.stats().bytesIn);
  EXPECT_GE(runner.stats().bytesIn, 2 * text.size());
  EXPECT_GT(runner.stats().busy.count(), 0);
}

TEST(TaskRunner, WithoutASinkGrepStillCountsMatches) {
  TempDir t;
  const std::string path = t.write("a.log", logLine(1, 500) + logLine(2, 200));
  Query q;
  q.command = Command::Grep;
  q.where = "status == 500";
  TaskRunner runner(q);
  Partial p;
  runner.run({0, 0, {}, 0}, path, p);
  EXPECT_EQ(p.stats().matched, 1u);
}

}  // namespace
}  // namespace logmill::workers
