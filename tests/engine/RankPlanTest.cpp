#include <gtest/gtest.h>

#include <numeric>

#include "engine/rankPlan.hpp"
#include "workers/base/ByteCodec.hpp"

namespace logmill::engine {
namespace {

Task task(std::string path, std::uint64_t size) {
  Task t;
  t.path = std::move(path);
  t.sizeBytes = size;
  return t;
}

std::vector<std::uint64_t> loads(const std::vector<Task>& tasks, const std::vector<int>& ranks,
                                 int n) {
  std::vector<std::uint64_t> load(static_cast<std::size_t>(n), 0);
  for (std::size_t i = 0; i < tasks.size(); ++i)
    load[static_cast<std::size_t>(ranks[i])] += tasks[i].sizeBytes;
  return load;
}

TEST(AssignTasksTest, LargestFirstToTheLeastLoadedRank) {
  // Plan order is largest first.
  const std::vector<Task> tasks = {task("a", 100), task("b", 60), task("c", 50), task("d", 40),
                                   task("e", 10)};
  const std::vector<int> ranks = assignTasks(tasks, 3);
  // a->0 (100), b->1 (60), c->2 (50), d->2 (90), e->1 (70)
  EXPECT_EQ(ranks, (std::vector<int>{0, 1, 2, 2, 1}));
  EXPECT_EQ(loads(tasks, ranks, 3), (std::vector<std::uint64_t>{100, 70, 90}));
}

TEST(AssignTasksTest, DeterministicTiesAndStdinOnRankZero) {
  const std::vector<Task> tasks = {task("x", 5), task("-", 5), task("y", 5), task("z", 5)};
  const std::vector<int> ranks = assignTasks(tasks, 2);
  EXPECT_EQ(ranks, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(assignTasks(tasks, 2), ranks);
  EXPECT_EQ(assignTasks(tasks, 1), (std::vector<int>(4, 0)));
}

TEST(AssignTasksTest, EmptyFilesStillSpreadOut) {
  const std::vector<Task> tasks = {task("a", 0), task("b", 0), task("c", 0)};
  EXPECT_EQ(assignTasks(tasks, 3), (std::vector<int>{0, 1, 2}));
}

TEST(RankPlanTest, EncodesAndSplitsWithRenumberedIds) {
  RankPlan plan;
  plan.tasks = {task("big.log", 300), task("a.gz", 200), task("big.log", 100)};
  plan.tasks[0].range = {0, 300};
  plan.tasks[2].range = {300, workers::ByteRange{}.end};
  plan.ranks = {1, 0, 1};
  const RankPlan back = decodeRankPlan(encodeRankPlan(plan), 2);
  ASSERT_EQ(back.tasks.size(), 3u);
  EXPECT_EQ(back.ranks, plan.ranks);
  EXPECT_EQ(back.tasks[2].range, plan.tasks[2].range);
  EXPECT_EQ(back.tasks[1].path, "a.gz");
  const std::vector<Task> mine = tasksOfRank(back, 1);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, 0u);
  EXPECT_EQ(mine[1].id, 1u);
  EXPECT_EQ(mine[1].range.begin, 300u);
  EXPECT_EQ(tasksOfRank(back, 0).at(0).path, "a.gz");
}

TEST(RankPlanTest, RejectsTruncationAndRanksOutOfRange) {
  RankPlan plan;
  plan.tasks = {task("a", 1)};
  plan.ranks = {2};
  const std::string bytes = encodeRankPlan(plan);
  EXPECT_NO_THROW((void)decodeRankPlan(bytes, 3));
  EXPECT_THROW((void)decodeRankPlan(bytes, 2), workers::DecodeError);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW((void)decodeRankPlan(bytes.substr(0, n), 3), workers::DecodeError) << n;
  }
}

TEST(RankJobsTest, SharesTheNodeWithinTheBinding) {
  EXPECT_EQ(rankJobs(32, 32, 1), 32u);  // one rank per node, unbound
  EXPECT_EQ(rankJobs(32, 32, 4), 8u);   // four ranks share the node
  EXPECT_EQ(rankJobs(32, 1, 1), 1u);    // mpirun bound the rank to one core
  EXPECT_EQ(rankJobs(2, 2, 3), 1u);     // --oversubscribe: at least 1
  EXPECT_EQ(rankJobs(8, 0, 2), 4u);     // affinity unknown
}

}  // namespace
}  // namespace logmill::engine
