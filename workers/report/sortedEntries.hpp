#pragma once
// A map's entries in key order, for encodings that must not depend on hash
// order (equal aggregates encode to equal bytes).

#include <cstdint>
#include <string_view>
#include <vector>

#include "workers/base/sortByKeyBytes.hpp"

namespace logmill::workers {

/// Pointers to `map`'s entries, sorted by key.
template <typename Map>
[[nodiscard]] std::vector<const typename Map::value_type*> sortedEntries(const Map& map) {
  std::vector<const typename Map::value_type*> entries;
  std::vector<std::string_view> keys;
  entries.reserve(map.size());
  keys.reserve(map.size());
  for (const auto& entry : map) {
    entries.push_back(&entry);
    keys.emplace_back(entry.first);
  }
  std::vector<const typename Map::value_type*> out;
  out.reserve(map.size());
  for (const std::uint32_t i : keyBytesOrder(keys)) out.push_back(entries[i]);
  return out;
}

}  // namespace logmill::workers
