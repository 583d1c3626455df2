#include <gtest/gtest.h>

#include <numeric>

#include "engine/rankPlan.hpp"
#include "workers/base/ByteCodec.hpp"

namespace logmill::engine {
namespace {

using workers::Task;
using workers::TaskList;

/// A plan over `files` (name, size) in this order, one whole-file task each.
TaskList work(std::vector<std::pair<std::string, std::uint64_t>> files) {
  TaskList list;
  for (auto& [path, size] : files) {
    const auto index = static_cast<std::uint32_t>(list.files.size());
    list.files.push_back(path);
    list.tasks.push_back({index, index, {}, size});
  }
  return list;
}

std::vector<std::uint64_t> loads(const TaskList& work, const std::vector<int>& ranks, int n) {
  const auto& tasks = work.tasks;
  std::vector<std::uint64_t> load(static_cast<std::size_t>(n), 0);
  for (std::size_t i = 0; i < tasks.size(); ++i)
    load[static_cast<std::size_t>(ranks[i])] += tasks[i].sizeBytes;
  return load;
}

TEST(AssignTasksTest, LargestFirstToTheLeastLoadedRank) {
  // Plan order is largest first.
  const TaskList tasks = work({{"a", 100}, {"b", 60}, {"c", 50}, {"d", 40}, {"e", 10}});
  const std::vector<int> ranks = assignTasks(tasks, 3);
  // a->0 (100), b->1 (60), c->2 (50), d->2 (90), e->1 (70)
  EXPECT_EQ(ranks, (std::vector<int>{0, 1, 2, 2, 1}));
  EXPECT_EQ(loads(tasks, ranks, 3), (std::vector<std::uint64_t>{100, 70, 90}));
}

TEST(AssignTasksTest, DeterministicTiesAndStdinOnRankZero) {
  const TaskList tasks = work({{"x", 5}, {"-", 5}, {"y", 5}, {"z", 5}});
  const std::vector<int> ranks = assignTasks(tasks, 2);
  EXPECT_EQ(ranks, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(assignTasks(tasks, 2), ranks);
  EXPECT_EQ(assignTasks(tasks, 1), (std::vector<int>(4, 0)));
}

TEST(AssignTasksTest, EmptyFilesStillSpreadOut) {
  const TaskList tasks = work({{"a", 0}, {"b", 0}, {"c", 0}});
  EXPECT_EQ(assignTasks(tasks, 3), (std::vector<int>{0, 1, 2}));
}

TEST(RankPlanTest, EncodesAndSplitsWithRenumberedIds) {
  RankPlan plan;
  plan.work = work({{"big.log", 300}, {"a.gz", 200}});
  plan.work.tasks.push_back({2, 0, {300, workers::ByteRange{}.end}, 100});  // big.log's tail
  plan.work.tasks[0].range = {0, 300};
  plan.ranks = {1, 0, 1};
  const RankPlan back = decodeRankPlan(encodeRankPlan(plan), 2);
  ASSERT_EQ(back.work.tasks.size(), 3u);
  EXPECT_EQ(back.ranks, plan.ranks);
  EXPECT_EQ(back.work.files, plan.work.files);
  EXPECT_EQ(back.work.tasks, plan.work.tasks);
  const TaskList mine = tasksOfRank(back, 1);
  ASSERT_EQ(mine.tasks.size(), 2u);
  EXPECT_EQ(mine.tasks[0].id, 0u);
  EXPECT_EQ(mine.tasks[1].id, 1u);
  EXPECT_EQ(mine.tasks[1].range.begin, 300u);
  EXPECT_EQ(mine.pathOf(mine.tasks[1]), "big.log");
  const TaskList root = tasksOfRank(back, 0);
  EXPECT_EQ(root.pathOf(root.tasks.at(0)), "a.gz");
}

TEST(RankPlanTest, RejectsTruncationAndRanksOutOfRange) {
  RankPlan plan;
  plan.work = work({{"a", 1}});
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
