#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "workers/base/sortHashes.hpp"

namespace logmill::workers {
namespace {

/// Sorts a copy both ways and compares.
void expectSortedLikeStdSort(std::vector<std::uint64_t> values) {
  std::vector<std::uint64_t> expected = values;
  std::sort(expected.begin(), expected.end());
  sortHashes(values);
  EXPECT_EQ(values, expected);
}

TEST(SortHashes, SortsFewAndManyValuesLikeAComparisonSort) {
  std::mt19937_64 rng(7);
  for (const std::size_t n : {0, 1, 2, 1000, 1023, 1024, 1025, 5000, 100'000}) {
    std::vector<std::uint64_t> values(n);
    for (std::uint64_t& v : values) v = rng();
    expectSortedLikeStdSort(values);
  }
}

TEST(SortHashes, DuplicatesExtremesAndBytesWhereAllAgree) {
  std::mt19937_64 rng(8);
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 3000; ++i) {
    // Only the low and top bytes vary: the six between are skipped.
    values.push_back((rng() & 0xff) | (std::uint64_t{rng() & 3} << 56));
  }
  values.insert(values.end(), {0, ~std::uint64_t{0}, 0, ~std::uint64_t{0}, 1u << 31});
  expectSortedLikeStdSort(values);
  expectSortedLikeStdSort(std::vector<std::uint64_t>(2000, 42));
}

}  // namespace
}  // namespace logmill::workers
