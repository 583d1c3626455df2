#pragma once
// Sorting 64-bit hashes in linear time: what encoding a report's visitor
// sets needs (a day holds up to hundreds of thousands), where a comparison
// sort was a worker's largest encode cost.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "workers/base/radixSortByPrefix.hpp"

namespace logmill::workers {

/// Sorts `values` ascending. LSD radix sort on bytes for many values (hashes
/// spread evenly over every byte); a comparison sort for few.
inline void sortHashes(std::vector<std::uint64_t>& values) {
  // Below this, eight counting passes over 256 buckets cost more than
  // the comparisons.
  constexpr std::size_t kRadixFrom = 1024;
  if (values.size() < kRadixFrom) {
    std::sort(values.begin(), values.end());
    return;
  }
  radixSortBy64(values, [](std::uint64_t v) { return v; });
}

}  // namespace logmill::workers
