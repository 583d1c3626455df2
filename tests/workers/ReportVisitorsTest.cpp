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
  for (std::size_t i = 0; i < ReportVisitorSketch::kExactLimit; ++i) pool.push_back(rng());
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

TEST(ReportVisitorSketch, EdgeHashesAndTheTurnToEstimated) {
  ReportVisitorSketch sketch;
  for (const std::uint64_t h :
       {~std::uint64_t{0}, std::uint64_t{0}, std::uint64_t{0}, ~std::uint64_t{0}}) {
    sketch.add(h);
  }
  EXPECT_EQ(sketch.count(), 2u);
  for (std::uint64_t i = 1; i <= ReportVisitorSketch::kExactLimit - 2; ++i) {
    sketch.add(i * 0x9e3779b97f4a7c15ULL);
  }
  EXPECT_TRUE(sketch.isExact());
  EXPECT_EQ(sketch.count(), ReportVisitorSketch::kExactLimit);
  sketch.add(12345);
  EXPECT_FALSE(sketch.isExact());
}

}  // namespace
}  // namespace logmill::workers
