#pragma once
// Ordering many strings bytewise in near-linear time: what encoding a
// report's panels in key order needs. Request keys share their first 13
// bytes ("GET\nHTTP/1.1\n/"), so a comparison sort spends its time in
// memcmp over the same prefix, and a radix sort on the first 8 bytes ties
// on nearly every key. Here keys are radix-sorted 7 bytes at a time, and a
// run that ties on those bytes is sorted again on the next 7.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "workers/base/radixSortByPrefix.hpp"

namespace logmill::workers {

/// The sort key of `key`'s bytes [offset, offset + 7): those bytes big-endian
/// in the top 56 bits (zero past the key's end), and how many of them the key
/// has in the low 8. Two keys that agree before `offset` are in bytewise order
/// when their window keys are; equal window keys with a low byte of 7 leave the
/// order to the next window, with less than 7 they are the same key.
[[nodiscard]] inline std::uint64_t keyBytesWindow(std::string_view key,
                                                  std::size_t offset) noexcept {
  constexpr std::size_t kWindow = 7;
  const std::size_t n = offset < key.size() ? std::min(kWindow, key.size() - offset) : 0;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(key[offset + i])} << (56 - 8 * i);
  }
  return v | n;
}

namespace sortByKeyBytesDetail {

inline constexpr std::size_t kWindow = 7;
// Runs this short are sorted by comparison: counting passes over 256
// buckets cost more than their few compares.
inline constexpr std::size_t kCompareBelow = 64;
// Keys equal this far (a hostile input's long shared prefix) are compared
// whole: a window a level would take too many levels.
inline constexpr std::size_t kMaxRadixOffset = 256;

template <typename T, typename KeyOf>
void sortRun(std::vector<std::pair<std::uint64_t, T>>& rows, std::size_t begin, std::size_t end,
             std::size_t offset, KeyOf& keyOf, std::vector<std::pair<std::uint64_t, T>>& run) {
  const auto first = rows.begin() + static_cast<std::ptrdiff_t>(begin);
  const auto last = rows.begin() + static_cast<std::ptrdiff_t>(end);
  if (end - begin < kCompareBelow || offset > kMaxRadixOffset) {
    // Every key of the run agrees on its first `offset` bytes.
    std::sort(first, last, [&](const auto& a, const auto& b) {
      return keyOf(a.second).substr(offset) < keyOf(b.second).substr(offset);
    });
    return;
  }
  run.assign(first, last);
  for (auto& row : run) row.first = keyBytesWindow(keyOf(row.second), offset);
  radixSortBy64(run, [](const std::pair<std::uint64_t, T>& row) { return row.first; });
  std::copy(run.begin(), run.end(), first);
  for (std::size_t i = begin; i < end;) {
    std::size_t j = i + 1;
    while (j < end && rows[j].first == rows[i].first) ++j;
    // A tie of full windows goes on to the next bytes; a tie of a shorter
    // one is one key twice, already in order.
    if (j - i > 1 && (rows[i].first & 0xff) == kWindow) {
      sortRun(rows, i, j, offset + kWindow, keyOf, run);
    }
    i = j;
  }
}

}  // namespace sortByKeyBytesDetail

/// Sorts `items` by the string `keyOf` gives (bytewise ascending, a prefix
/// before the longer key). Equal keys are left in no particular order.
template <typename T, typename KeyOf>
void sortByKeyBytes(std::vector<T>& items, KeyOf keyOf) {
  std::vector<std::pair<std::uint64_t, T>> rows;
  rows.reserve(items.size());
  for (const T& item : items) rows.emplace_back(0, item);
  std::vector<std::pair<std::uint64_t, T>> run;
  sortByKeyBytesDetail::sortRun(rows, 0, rows.size(), 0, keyOf, run);
  for (std::size_t i = 0; i < rows.size(); ++i) items[i] = rows[i].second;
}

}  // namespace logmill::workers
