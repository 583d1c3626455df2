#include <gtest/gtest.h>

#include <algorithm>

#include "engine/planTasks.hpp"
#include "tests/GzipText.hpp"
#include "tests/TempDir.hpp"
#include "workers/input/gzipIndexFile.hpp"

namespace logmill::engine {
namespace {

using logmill::testing::TempDir;

TEST(PlanTasks, LargestFirstAndLargePlainFilesSplit) {
  TempDir t;
  const std::string small = t.write("small.log", std::string(10, 'x'));
  const std::string big = t.write("big.log", std::string(250, 'x'));
  const std::string gz = t.write("big.gz", "\x1f\x8b" + std::string(298, 'x'));
  PlanOptions options;
  options.splitBytes = 100;
  const Plan plan = planTasks({small, big, gz}, options);
  const auto& tasks = plan.work.tasks;
  ASSERT_EQ(tasks.size(), 5u);  // gzip whole, big in 3 ranges, small whole
  EXPECT_EQ(plan.work.files, (std::vector<std::string>{small, big, gz}));  // each file once
  EXPECT_EQ(plan.work.pathOf(tasks[0]), gz);
  EXPECT_TRUE(tasks[0].range.isWhole());
  EXPECT_EQ(plan.work.pathOf(tasks[1]), big);
  EXPECT_EQ(tasks[2].file, tasks[1].file);
  EXPECT_EQ(tasks[1].range.begin, 0u);
  EXPECT_EQ(tasks[1].range.end, 100u);
  EXPECT_EQ(tasks[2].range.begin, 100u);
  EXPECT_EQ(tasks[3].range.begin, 200u);  // the 50-byte tail runs to the end of file
  EXPECT_EQ(tasks[3].range.end, workers::ByteRange{}.end);
  EXPECT_EQ(plan.work.pathOf(tasks[4]), small);
  EXPECT_EQ(plan.totalBytes, 560u);
  for (std::uint32_t i = 0; i < tasks.size(); ++i) EXPECT_EQ(tasks[i].id, i);
}

}  // namespace
}  // namespace logmill::engine

namespace logmill::engine {
namespace {

using logmill::testing::combinedLogText;
using logmill::testing::gzipText;

struct BigGzip {
  TempDir t;
  std::string text = combinedLogText(3 << 20, 5);
  std::string path = t.write("big.gz", gzipText(text));
  std::string cache = t.file("cache");
  PlanOptions options() const {
    PlanOptions o;
    o.splitBytes = 512 << 10;  // smaller than the text and the file: worth splitting
    o.gzipIndexDir = cache;
    o.jobs = 2;
    return o;
  }
};

TEST(PlanTasks, AnUnindexedBigGzipIsOneTaskThatBuildsItsIndex) {
  BigGzip g;
  const Plan plan = planTasks({g.path}, g.options());
  ASSERT_EQ(plan.work.tasks.size(), 1u);
  EXPECT_TRUE(plan.work.tasks[0].range.isWhole());
  EXPECT_TRUE(plan.work.tasks[0].buildIndex);
  EXPECT_TRUE(plan.warnings.empty());
  EXPECT_EQ(plan.work.gzipIndexDir, g.cache);

  PlanOptions noIndex = g.options();
  noIndex.gzipIndexDir = "";
  EXPECT_FALSE(planTasks({g.path}, noIndex).work.tasks[0].buildIndex);
  PlanOptions small = g.options();
  small.splitBytes = 64 << 20;  // neither the file nor its trailer's size reaches it
  EXPECT_FALSE(planTasks({g.path}, small).work.tasks[0].buildIndex);
}

TEST(PlanTasks, AnIndexedGzipIsSplitIntoAMultipleOfJobsLineAlignedRanges) {
  BigGzip g;
  workers::saveGzipIndex(workers::GzipIndex::build(g.path, 256 << 10), g.cache);
  const Plan plan = planTasks({g.path}, g.options());
  const auto& tasks = plan.work.tasks;
  EXPECT_EQ(plan.indexedFiles, 1u);
  ASSERT_EQ(tasks.size(), 8u);  // 3 MiB of text / 512 KiB = 6+, rounded up to a multiple of 2
  ASSERT_EQ(plan.work.gzipIndexes.size(), 1u);
  ASSERT_NE(plan.work.gzipIndexes[0], nullptr);
  std::vector<workers::ByteRange> ranges;
  for (const auto& task : tasks) {
    EXPECT_FALSE(task.buildIndex);
    ranges.push_back(task.range);
  }
  std::sort(ranges.begin(), ranges.end(), [](auto& a, auto& b) { return a.begin < b.begin; });
  EXPECT_EQ(ranges.front().begin, 0u);
  EXPECT_EQ(ranges.back().end, workers::ByteRange{}.end);
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    EXPECT_EQ(ranges[i].begin, ranges[i - 1].end);
    EXPECT_EQ(g.text[ranges[i].begin - 1], '\n');  // each starts a line
  }
}

TEST(PlanTasks, AStaleIndexIsOneWarningNamingTheFileAndTheFileIsReadWholeAndReindexed) {
  BigGzip g;
  workers::saveGzipIndex(workers::GzipIndex::build(g.path, 256 << 10), g.cache);
  g.t.write("big.gz", gzipText(g.text + g.text.substr(0, 1000)));  // rewritten in place
  const Plan plan = planTasks({g.path}, g.options());
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0].rfind(g.path + ": ignoring its gzip index: stale: ", 0), 0u)
      << plan.warnings[0];
  ASSERT_EQ(plan.work.tasks.size(), 1u);
  EXPECT_TRUE(plan.work.tasks[0].buildIndex);
  EXPECT_EQ(plan.indexedFiles, 0u);
}

TEST(PlanTasks, ACacheThatIsNoDirectoryIsOneWarningAndNothingIsReadOrBuilt) {
  BigGzip g;
  const std::string second = g.t.write("second.gz", gzipText(g.text));
  g.t.write("cache", "a file, not a directory");
  const Plan plan = planTasks({g.path, second}, g.options());
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0], "cannot use gzip indexes in '" + g.cache + "': not a directory");
  for (const auto& task : plan.work.tasks) EXPECT_FALSE(task.buildIndex);
  EXPECT_EQ(plan.work.gzipIndexDir, "");  // nor do workers look there
}

TEST(PlanTasks, ACacheUnderAFileIsOneWarning) {
  BigGzip g;
  const std::string second = g.t.write("second.gz", gzipText(g.text));
  g.t.write("blocker", "a file where a directory should be");
  PlanOptions options = g.options();
  options.gzipIndexDir = g.t.file("blocker/cache");
  const Plan plan = planTasks({g.path, second}, options);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0],
            "cannot use gzip indexes in '" + options.gzipIndexDir + "': Not a directory");
}

TEST(PlanTasks, ACacheThatCannotBeCreatedIsOneWarningAndNothingIsBuilt) {
  BigGzip g;
  const std::string second = g.t.write("second.gz", gzipText(g.text));
  PlanOptions options = g.options();
  options.gzipIndexDir = "/proc/logmill-no-such-cache";  // even root cannot mkdir there
  const Plan plan = planTasks({g.path, second}, options);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(
      plan.warnings[0].rfind("cannot write gzip indexes to '" + options.gzipIndexDir + "': ", 0),
      0u)
      << plan.warnings[0];
  for (const auto& task : plan.work.tasks) EXPECT_FALSE(task.buildIndex);
}

}  // namespace
}  // namespace logmill::engine
