#pragma once
// Sorting (prefix, index) pairs by prefix in linear time: what ordering
// millions of keys by their 8-byte big-endian prefix needs, where a
// comparison sort costs more than the parse that produced the keys.

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace logmill::workers {

/// Sorts `items` by the 64-bit key `keyOf` gives, stably (equal keys keep
/// their order). LSD radix sort on bytes; a byte position where every item
/// agrees costs one counting pass and no move.
template <typename T, typename KeyOf>
void radixSortBy64(std::vector<T>& items, KeyOf keyOf) {
  if (items.size() < 2) return;
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (const T& item : items) {
    const std::uint64_t key = keyOf(item);
    for (std::size_t b = 0; b < 8; ++b) ++counts[b][(key >> (8 * b)) & 0xff];
  }
  std::vector<T> scratch(items.size());
  for (std::size_t b = 0; b < 8; ++b) {
    std::array<std::size_t, 256>& count = counts[b];
    if (count[(keyOf(items.front()) >> (8 * b)) & 0xff] == items.size()) continue;
    std::size_t at = 0;
    for (std::size_t& c : count) at += std::exchange(c, at);
    for (const T& item : items) scratch[count[(keyOf(item) >> (8 * b)) & 0xff]++] = item;
    items.swap(scratch);
  }
}

/// Sorts `rows` by their first member, stably.
inline void radixSortByPrefix(std::vector<std::pair<std::uint64_t, std::uint32_t>>& rows) {
  radixSortBy64(rows, [](const std::pair<std::uint64_t, std::uint32_t>& row) { return row.first; });
}

}  // namespace logmill::workers
