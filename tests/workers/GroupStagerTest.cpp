#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "workers/map/GroupStager.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::workers {
namespace {

std::vector<std::string> randomKeys(std::size_t n, std::size_t distinct, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < n; ++i) {
    // Short (inline) and long (heap) keys alike.
    const std::uint64_t k = rng() % distinct;
    keys.push_back(k % 3 ? "/static/img/long/enough/to/leave/the/string/" + std::to_string(k)
                         : std::to_string(k));
  }
  return keys;
}

std::vector<std::pair<std::string, std::uint64_t>> inOrder(const Partial& p) {
  return {p.groups().begin(), p.groups().end()};
}

TEST(GroupStager, StagedKeysGiveAddsGroupsInAddsOrder) {
  for (const std::size_t n : {0u, 1u, 7u, 8u, 9u, 17u, 20000u}) {
    const std::vector<std::string> keys = randomKeys(n, 5000, n + 3);
    GroupStager stager(0);  // stages from the first group on
    Partial staged, direct;
    std::size_t mostPending = 0;
    for (const std::string& key : keys) {
      stager.stage(key, staged);
      direct.add(key);
      mostPending = std::max(mostPending, stager.pending());
    }
    EXPECT_EQ(mostPending, std::min<std::size_t>(n, GroupStager::kAhead)) << n << " keys";
    stager.flush(staged);
    EXPECT_EQ(stager.pending(), 0u);
    EXPECT_EQ(inOrder(staged), inOrder(direct)) << n << " keys";
  }
}

TEST(GroupStager, KeysStageOnlyOnceThePartialHasManyGroups) {
  GroupStager stager;
  Partial p;
  for (std::size_t i = 0; i < GroupStager::kStageFrom; ++i) {
    stager.stage("k" + std::to_string(i), p);
    ASSERT_EQ(stager.pending(), 0u) << "key " << i;
  }
  EXPECT_EQ(p.groups().size(), GroupStager::kStageFrom);
  stager.stage("k0", p);
  stager.stage("new", p);
  EXPECT_EQ(stager.pending(), 2u);
  EXPECT_EQ(p.groups().at("k0"), 1u);  // not added yet
  stager.flush(p);
  EXPECT_EQ(p.groups().at("k0"), 2u);
  EXPECT_EQ(p.groups().at("new"), 1u);
  // A flushed stager starts a fresh partial without staging.
  Partial next;
  stager.stage("k0", next);
  EXPECT_EQ(stager.pending(), 0u);
  EXPECT_EQ(next.groups().at("k0"), 1u);
}

}  // namespace
}  // namespace logmill::workers
