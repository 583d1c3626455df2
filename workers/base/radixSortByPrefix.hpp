#pragma once
// Sorting (prefix, index) pairs by prefix in linear time: what ordering
// millions of keys by their 8-byte big-endian prefix needs, where a
// comparison sort costs more than the parse that produced the keys.

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace logmill::workers {

/// Sorts `rows` by their first member, stably (equal prefixes keep their
/// order). LSD radix sort on bytes; a byte position where every row agrees
/// costs one counting pass and no move.
inline void radixSortByPrefix(std::vector<std::pair<std::uint64_t, std::uint32_t>>& rows) {
  if (rows.size() < 2) return;
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (const auto& row : rows) {
    for (std::size_t b = 0; b < 8; ++b) ++counts[b][(row.first >> (8 * b)) & 0xff];
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> scratch(rows.size());
  for (std::size_t b = 0; b < 8; ++b) {
    std::array<std::size_t, 256>& count = counts[b];
    if (count[(rows.front().first >> (8 * b)) & 0xff] == rows.size()) continue;
    std::size_t at = 0;
    for (std::size_t& c : count) at += std::exchange(c, at);
    for (const auto& row : rows) scratch[count[(row.first >> (8 * b)) & 0xff]++] = row;
    rows.swap(scratch);
  }
}

}  // namespace logmill::workers
