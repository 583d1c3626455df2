#pragma once
// A map's entries in key order, for encodings that must not depend on hash
// order (equal aggregates encode to equal bytes).

#include <algorithm>
#include <vector>

namespace logmill::workers {

/// Pointers to `map`'s entries, sorted by key.
template <typename Map>
[[nodiscard]] std::vector<const typename Map::value_type*> sortedEntries(const Map& map) {
  std::vector<const typename Map::value_type*> out;
  out.reserve(map.size());
  for (const auto& entry : map) out.push_back(&entry);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->first < b->first; });
  return out;
}

}  // namespace logmill::workers
