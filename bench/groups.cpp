// The groups table of a count partial with 2 M distinct keys (issue 16's
// `count --by host`): std::unordered_map (the old Partial::Groups), the
// project's FlatStringMap (the new one) and abseil's Swiss table
// absl::flat_hash_map, each inserting every key once and then adding to
// every key once more (one lookup per line, as the map step does).

#include <absl/container/flat_hash_map.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "workers/base/FlatStringMap.hpp"

namespace {

/// `n` distinct IPv4 hosts in a scattered order, as bench/data/distinct-hosts.py writes them.
const std::vector<std::string>& hosts(std::size_t n) {
  static std::vector<std::string> out;
  if (out.size() == n) return out;
  out.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = static_cast<std::uint32_t>(i * 2654435761ULL);
    out.push_back(std::to_string(v >> 24) + '.' + std::to_string((v >> 16) & 255) + '.' +
                  std::to_string((v >> 8) & 255) + '.' + std::to_string(v & 255));
  }
  return out;
}

struct StdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

using StdMap = std::unordered_map<std::string, std::uint64_t, StdHash, std::equal_to<>>;
using FlatMap = logmill::workers::FlatStringMap<std::uint64_t>;
using AbslMap = absl::flat_hash_map<std::string, std::uint64_t>;

/// The map's lookup key for a view: Debian's abseil has its own string_view.
template <typename Map>
auto viewOf(std::string_view s) {
  if constexpr (std::is_same_v<Map, AbslMap>) {
    return absl::string_view(s.data(), s.size());
  } else {
    return s;
  }
}

template <typename Map>
void addTwice(Map& map, const std::vector<std::string>& keys) {
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& k : keys) {
      const auto key = viewOf<Map>(k);  // the map step holds a view into the line
      if (auto it = map.find(key); it != map.end()) {
        it->second += 1;
      } else {
        map.emplace(std::string(key.data(), key.size()), 1);
      }
    }
  }
}

template <typename Map>
void BM_Groups(benchmark::State& state) {
  const auto& keys = hosts(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Map map;
    addTwice(map, keys);
    benchmark::DoNotOptimize(map.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 2 * keys.size()));
}

BENCHMARK(BM_Groups<StdMap>)->Arg(2'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Groups<FlatMap>)->Arg(2'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Groups<AbslMap>)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
