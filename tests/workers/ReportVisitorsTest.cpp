#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "workers/report/ReportVisitors.hpp"

namespace logmill::workers {
namespace {

std::string encoded(const ReportVisitorSketch& s) {
  ByteWriter w;
  s.encode(w);
  return w.take();
}

TEST(ReportVisitorSketch, CountsDistinctHashesExactlyUpToTheLimit) {
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> pool;
  for (std::size_t i = 0; i < ReportVisitorSketch::kSmallLimit; ++i) pool.push_back(rng());
  pool.push_back(0);
  pool.push_back(~std::uint64_t{0});
  ReportVisitorSketch sketch;
  std::set<std::uint64_t> model;
  for (int i = 0; i < 5000; ++i) {
    // Repeats of every pool value, at every position of the sorted list.
    const std::uint64_t h = pool[rng() % (pool.size() - 2)];
    sketch.add(h);
    model.insert(h);
    ASSERT_EQ(sketch.count(), model.size());
  }
  ASSERT_TRUE(sketch.isExact());
  ReportVisitorSketch reversed;
  for (auto it = model.rbegin(); it != model.rend(); ++it) reversed.add(*it);
  for (const std::uint64_t h : model) reversed.add(h);
  EXPECT_EQ(encoded(reversed), encoded(sketch));
}

TEST(ReportVisitorSketch, EdgeHashesAndExactPastTheSmallList) {
  ReportVisitorSketch sketch;
  for (const std::uint64_t h :
       {~std::uint64_t{0}, std::uint64_t{0}, std::uint64_t{0}, ~std::uint64_t{0}}) {
    sketch.add(h);
  }
  EXPECT_EQ(sketch.count(), 2u);
  for (std::uint64_t i = 1; i <= ReportVisitorSketch::kSmallLimit - 2; ++i) {
    sketch.add(i * 0x9e3779b97f4a7c15ULL);
  }
  EXPECT_TRUE(sketch.isExact());
  EXPECT_EQ(sketch.count(), ReportVisitorSketch::kSmallLimit);
  // Past the small list a row stays exact (it used to turn into an estimate).
  EXPECT_TRUE(sketch.add(12345));
  EXPECT_FALSE(sketch.add(0));
  EXPECT_TRUE(sketch.isExact());
  EXPECT_EQ(sketch.count(), ReportVisitorSketch::kSmallLimit + 1);
  EXPECT_EQ(sketch.exactCount(), ReportVisitorSketch::kSmallLimit + 1);
  sketch.estimate();
  EXPECT_FALSE(sketch.isExact());
  EXPECT_EQ(sketch.exactCount(), 0u);
  EXPECT_NEAR(static_cast<double>(sketch.count()), 129.0, 129 * 4 * 0.01625);
  EXPECT_FALSE(sketch.add(99));  // registers: no exact set grows
}

TEST(ReportVisitorSketch, LargeExactSetsCountRoundTripAndMergeInAnyOrder) {
  std::mt19937_64 rng(5);
  std::vector<std::uint64_t> hashes;
  for (int i = 0; i < 20000; ++i) hashes.push_back(rng());
  hashes.push_back(0);
  ReportVisitorSketch whole, left, right;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    whole.add(hashes[i]);
    whole.add(hashes[i]);
    (i % 3 ? left : right).add(hashes[i]);
  }
  ASSERT_TRUE(whole.isExact());
  EXPECT_EQ(whole.count(), hashes.size());
  ReportVisitorSketch rightThenLeft = right;
  rightThenLeft.merge(left);
  left.merge(right);
  EXPECT_EQ(left, whole);
  EXPECT_EQ(encoded(rightThenLeft), encoded(whole));
  const std::string bytes = encoded(whole);
  ByteReader r(bytes, "visitors");
  EXPECT_EQ(ReportVisitorSketch::decode(r), whole);
  r.finish();
}

TEST(ReportVisitorSketch, MergingSortedListsEqualsAddingEachHash) {
  // merge() joins two small lists in one pass; the state must be the one
  // adding the hashes one at a time gives, on both sides of kSmallLimit and
  // into or from a large set.
  std::mt19937_64 rng(17);
  std::vector<std::uint64_t> pool;
  for (int i = 0; i < 400; ++i) pool.push_back(rng());
  pool.push_back(0);
  pool.push_back(~std::uint64_t{0});
  for (const std::size_t na : {0, 1, 60, 128, 129, 300}) {
    for (const std::size_t nb : {0, 1, 2, 70, 128, 200}) {
      ReportVisitorSketch a, b, byAdding;
      for (std::size_t i = 0; i < na; ++i) a.add(pool[(i * 7) % pool.size()]);
      for (std::size_t i = 0; i < nb; ++i) b.add(pool[(i * 5 + 3) % pool.size()]);
      byAdding = a;
      for (std::size_t i = 0; i < nb; ++i) byAdding.add(pool[(i * 5 + 3) % pool.size()]);
      ReportVisitorSketch merged = a;
      merged.merge(b);
      EXPECT_EQ(merged, byAdding) << na << " + " << nb;
      EXPECT_EQ(merged.count(), byAdding.count()) << na << " + " << nb;
      EXPECT_EQ(encoded(merged), encoded(byAdding)) << na << " + " << nb;
      ReportVisitorSketch other = b;
      other.merge(a);
      EXPECT_EQ(encoded(other), encoded(byAdding)) << nb << " + " << na;
    }
  }
}

}  // namespace
}  // namespace logmill::workers
