#pragma once
// A map's entries in key order, for encodings that must not depend on hash
// order (equal aggregates encode to equal bytes).

#include <string_view>
#include <vector>

#include "workers/base/sortByKeyBytes.hpp"

namespace logmill::workers {

/// Pointers to `map`'s entries, sorted by key.
template <typename Map>
[[nodiscard]] std::vector<const typename Map::value_type*> sortedEntries(const Map& map) {
  std::vector<const typename Map::value_type*> out;
  out.reserve(map.size());
  for (const auto& entry : map) out.push_back(&entry);
  sortByKeyBytes(out, [](auto* entry) { return std::string_view(entry->first); });
  return out;
}

}  // namespace logmill::workers
