#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "datasets/Rng.hpp"
#include "datasets/ZipfTable.hpp"

namespace logmill::datasets {
namespace {

TEST(RngTest, SameSeedAndStreamGiveTheSameSequence) {
  Rng a(42, 3);
  Rng b(42, 3);
  Rng otherStream(42, 4);
  Rng otherSeed(43, 3);
  std::vector<std::uint64_t> first;
  for (int i = 0; i < 100; ++i) first.push_back(a.next());
  int sameAsOtherStream = 0;
  int sameAsOtherSeed = 0;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(b.next(), first[i]);
    sameAsOtherStream += otherStream.next() == first[i];
    sameAsOtherSeed += otherSeed.next() == first[i];
  }
  EXPECT_EQ(sameAsOtherStream, 0);
  EXPECT_EQ(sameAsOtherSeed, 0);
}

TEST(RngTest, MatchesTheReferenceAlgorithms) {
  // splitmix64 from state 0 and xoshiro256** from state {1, 2, 3, 4}, as the
  // reference C implementations print them.
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
  Rng rng = Rng::fromState(1, 2, 3, 4);
  EXPECT_EQ(rng.next(), 11520u);
  EXPECT_EQ(rng.next(), 0u);
  EXPECT_EQ(rng.next(), 1509978240u);
  EXPECT_EQ(rng.next(), 1215971899390074240u);
}

TEST(RngTest, BoundedDrawsStayInRangeAndCoverIt) {
  Rng rng(7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 10'000; ++i) {
    const auto v = rng.between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
    ASSERT_LT(rng.below(10), 10u);
  }
  EXPECT_EQ(seen.size(), 7u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(rng.chance(0));
    EXPECT_TRUE(rng.chance(1'000'000));
  }
}

TEST(ZipfTableTest, RankZeroIsMostLikelyAndFrequenciesFollowWeights) {
  const ZipfTable zipf(1000, 0);
  // Weight 1/(k+1): rank 0 twice as likely as rank 1, ten times rank 9.
  EXPECT_NEAR(zipf.probability(0) / zipf.probability(1), 2.0, 1e-6);
  EXPECT_NEAR(zipf.probability(0) / zipf.probability(9), 10.0, 1e-6);
  Rng rng(11);
  std::vector<int> counts(zipf.size());
  constexpr int kDraws = 200'000;
  for (int i = 0; i < kDraws; ++i) ++counts[zipf.sample(rng)];
  EXPECT_NEAR(counts[0] / double(kDraws), zipf.probability(0), 0.01);
  EXPECT_NEAR(counts[1] / double(kDraws), zipf.probability(1), 0.01);
  EXPECT_GT(counts[0], counts[1]);
  EXPECT_GT(counts[1], counts[10]);
}

TEST(ZipfTableTest, OffsetFlattensTheHead) {
  const ZipfTable steep(100, 0);
  const ZipfTable flat(100, 10);
  EXPECT_GT(steep.probability(0), flat.probability(0));
  EXPECT_NEAR(flat.probability(0) / flat.probability(1), 12.0 / 11.0, 1e-6);
  EXPECT_THROW(ZipfTable(0, 1), std::invalid_argument);
}

}  // namespace
}  // namespace logmill::datasets
