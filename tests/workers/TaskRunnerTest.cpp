#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/GzipText.hpp"
#include "tests/TempDir.hpp"
#include "workers/input/gzipIndexFile.hpp"
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
  EXPECT_EQ(parts.stats().bytesIn, text.size());  // the ranges' shares add up to the file
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

namespace logmill::workers {
namespace {

using logmill::testing::combinedLogText;
using logmill::testing::gzipText;

Query countByStatus() {
  Query q;
  q.command = Command::Count;
  q.by = {Field::Status};
  return q;
}

TEST(TaskRunner, RangesOfAGzipFileAreReadFromItsCachedIndexAndAddUpToTheWhole) {
  TempDir t;
  const std::string path = t.write("big.gz", gzipText(combinedLogText(3 << 20, 1)));
  const std::string cache = t.file("cache");
  saveGzipIndex(GzipIndex::build(path, 256 << 10), cache);
  GzipIndexes indexes(cache);
  TaskRunner runner(countByStatus(), nullptr, &indexes);
  Partial whole;
  runner.run({0, 0, {}, 0}, path, whole);
  std::string why;
  const auto index = indexes.forRange(0, path, &why);
  ASSERT_NE(index, nullptr) << why;
  const auto ranges = index->splitRanges(4);
  ASSERT_EQ(ranges.size(), 4u);
  Partial parts;
  for (std::uint32_t i = 0; i < ranges.size(); ++i) runner.run({i, 0, ranges[i], 0}, path, parts);
  EXPECT_TRUE(parts.errors().empty());
  EXPECT_EQ(parts.groups(), whole.groups());
  EXPECT_EQ(parts.stats().lines, whole.stats().lines);
  EXPECT_EQ(parts.stats().files, 1u);  // a split file counts once
  // Each range accounts for its share of the file: a report's log size and
  // --stats are the same split or not.
  EXPECT_EQ(parts.stats().bytesIn, whole.stats().bytesIn);
  EXPECT_EQ(parts.stats().bytesOut, whole.stats().bytesOut);
}

TEST(TaskRunner, AGzipRangeWithoutAnIndexIsAnErrorNotAWholeReadPerRange) {
  TempDir t;
  const std::string path = t.write("big.gz", gzipText(combinedLogText(64 << 10, 2)));
  GzipIndexes indexes(t.file("empty-cache"));
  TaskRunner runner(countByStatus(), nullptr, &indexes);
  Partial p;
  runner.run({0, 0, {1000, 2000}, 0}, path, p);
  EXPECT_EQ(p.stats().lines, 0u);
  EXPECT_EQ(p.stats().failedFiles, 1u);
  ASSERT_EQ(p.errors().size(), 1u);
  EXPECT_EQ(p.errors()[0].message,
            path + ": cannot read part of this gzip file: its index is gone");
}

TEST(TaskRunner, AWholeReadMarkedBuildIndexLeavesAValidIndexInTheCache) {
  TempDir t;
  const std::string path = t.write("big.gz", gzipText(combinedLogText(5 << 20, 3)));
  const std::string cache = t.file("cache");
  GzipIndexes indexes(cache);
  TaskRunner runner(countByStatus(), nullptr, &indexes);
  Partial plain, building;
  runner.run({0, 0, {}, 0}, path, plain);
  std::string why;
  EXPECT_FALSE(loadGzipIndexOrNull(path, cache, &why).has_value());  // not asked to build
  Task task{0, 0, {}, 0};
  task.buildIndex = true;
  runner.run(task, path, building);
  EXPECT_EQ(building.groups(), plain.groups());  // the by-product changes nothing
  const auto index = loadGzipIndexOrNull(path, cache, &why);
  ASSERT_TRUE(index.has_value()) << why;
  EXPECT_EQ(*index, GzipIndex::build(path));  // the same as a dedicated build
}

TEST(TaskRunner, ADamagedGzipReadMarkedBuildIndexLeavesNoIndex) {
  TempDir t;
  std::string gz = gzipText(combinedLogText(1 << 20, 4));
  gz.resize(gz.size() / 2);
  const std::string path = t.write("cut.gz", gz);
  const std::string cache = t.file("cache");
  GzipIndexes indexes(cache);
  TaskRunner runner(countByStatus(), nullptr, &indexes);
  Task task{0, 0, {}, 0};
  task.buildIndex = true;
  Partial p;
  runner.run(task, path, p);
  ASSERT_EQ(p.errors().size(), 1u);
  EXPECT_GT(p.stats().lines, 0u);  // the lines before the damage
  std::string why;
  EXPECT_FALSE(loadGzipIndexOrNull(path, cache, &why).has_value());
  EXPECT_EQ(why, "");  // none was written
}

}  // namespace
}  // namespace logmill::workers
