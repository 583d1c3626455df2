#pragma once
// Sorting 64-bit hashes in linear time: what encoding a report's visitor
// sets needs (a day holds up to hundreds of thousands), where a comparison
// sort was a worker's largest encode cost.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

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
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (const std::uint64_t v : values) {
    for (std::size_t b = 0; b < 8; ++b) ++counts[b][(v >> (8 * b)) & 0xff];
  }
  std::vector<std::uint64_t> scratch(values.size());
  for (std::size_t b = 0; b < 8; ++b) {
    std::array<std::size_t, 256>& count = counts[b];
    if (count[(values.front() >> (8 * b)) & 0xff] == values.size()) continue;
    std::size_t at = 0;
    for (std::size_t& c : count) at += std::exchange(c, at);
    for (const std::uint64_t v : values) scratch[count[(v >> (8 * b)) & 0xff]++] = v;
    values.swap(scratch);
  }
}

}  // namespace logmill::workers
