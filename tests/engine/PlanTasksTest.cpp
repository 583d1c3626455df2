#include <gtest/gtest.h>

#include "tests/TempDir.hpp"
#include "engine/planTasks.hpp"

namespace logmill::engine {
namespace {

using logmill::testing::TempDir;

TEST(PlanTasks, LargestFirstAndLargePlainFilesSplit) {
  TempDir t;
  const std::string small = t.write("small.log", std::string(10, 'x'));
  const std::string big = t.write("big.log", std::string(250, 'x'));
  const std::string gz = t.write("big.gz", "\x1f\x8b" + std::string(298, 'x'));
  const Plan plan = planTasks({small, big, gz}, PlanOptions{100});
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
