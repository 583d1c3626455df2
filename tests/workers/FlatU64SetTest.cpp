#include <gtest/gtest.h>

#include <random>
#include <set>

#include "workers/base/FlatU64Set.hpp"

namespace logmill::workers {
namespace {

TEST(FlatU64Set, AgreesWithStdSet) {
  std::mt19937_64 rng(3);
  FlatU64Set flat;
  std::set<std::uint64_t> model;
  for (int i = 0; i < 50000; ++i) {
    // Many repeats, and values sharing their low bits (long probe runs).
    const std::uint64_t v = (rng() % 3 == 0) ? (rng() % 5000) << 20 : rng() % 20000;
    EXPECT_EQ(flat.insert(v), model.insert(v).second);
  }
  ASSERT_EQ(flat.size(), model.size());
  std::set<std::uint64_t> seen;
  flat.forEach([&](std::uint64_t v) { EXPECT_TRUE(seen.insert(v).second) << v; });
  EXPECT_EQ(seen, model);
  for (std::uint64_t v = 0; v < 30000; ++v) EXPECT_EQ(flat.contains(v), model.count(v) == 1) << v;
}

TEST(FlatU64Set, ZeroIsAValue) {
  FlatU64Set s;
  EXPECT_FALSE(s.contains(0));
  EXPECT_TRUE(s.insert(0));
  EXPECT_FALSE(s.insert(0));
  EXPECT_TRUE(s.contains(0));
  EXPECT_EQ(s.size(), 1u);
  int calls = 0;
  s.forEach([&](std::uint64_t v) {
    EXPECT_EQ(v, 0u);
    ++calls;
  });
  EXPECT_EQ(calls, 1);
}

TEST(FlatU64Set, EqualityIgnoresInsertionOrder) {
  FlatU64Set a, b;
  b.reserve(1000);
  for (std::uint64_t v : {5u, 0u, 1u << 31, 17u}) a.insert(v);
  for (std::uint64_t v : {17u, 1u << 31, 0u, 5u}) b.insert(v);
  EXPECT_EQ(a, b);
  b.insert(6);
  EXPECT_NE(a, b);
  a.insert(7);
  EXPECT_NE(a, b);  // same size, different values
}

}  // namespace
}  // namespace logmill::workers
