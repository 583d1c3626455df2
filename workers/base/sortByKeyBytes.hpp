#pragma once
// Ordering many strings bytewise in near-linear time: what encoding a
// report's panels in key order needs. Request keys share their first 13
// bytes ("GET\nHTTP/1.1\n/"), so a comparison sort spends its time in
// memcmp over the same prefix, and a radix sort on the first 8 bytes ties
// on nearly every key. Here keys are radix-sorted 7 bytes at a time, and a
// run that ties on those bytes is sorted again on the next 7.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace logmill::workers {

/// The sort key of `key`'s bytes [offset, offset + 7): those bytes big-endian
/// in the top 56 bits (zero past the key's end), and how many of them the key
/// has in the low 8. Two keys that agree before `offset` are in bytewise order
/// when their window keys are; equal window keys with a low byte of 7 leave the
/// order to the next window, with less than 7 they are the same key.
[[nodiscard]] std::uint64_t keyBytesWindow(std::string_view key, std::size_t offset) noexcept;

/// The indices of `keys` in bytewise ascending order of their keys (a
/// prefix before the longer key; equal keys in no particular order).
[[nodiscard]] std::vector<std::uint32_t> keyBytesOrder(const std::vector<std::string_view>& keys);

}  // namespace logmill::workers
