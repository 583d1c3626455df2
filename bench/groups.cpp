// The groups table of a count partial with 2 M distinct keys (issue 16's
// `count --by host`): std::unordered_map (the old Partial::Groups), the
// project's FlatStringMap (the new one) and abseil's Swiss table
// absl::flat_hash_map, each inserting every key once and then adding to
// every key once more (one lookup per line, as the map step does).
// BM_PathLookups: the per-line lookups of `top --by path --agg
// count,sum(bytes)`: paths of 20-60 bytes (longer than std::string's inline
// buffer) looked up in a Zipf mix, as in access logs.

#include <absl/container/flat_hash_map.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
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

/// `n` distinct path-like keys of 20-60 bytes.
std::vector<std::string> paths(std::size_t n) {
  static const char* const kStems[] = {"/api/v1/events/", "/static/img/products/", "/blog/2022/10/",
                                       "/assets/js/vendor/chunk-", "/wp-content/uploads/2023/"};
  std::mt19937_64 rng(7);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string p = kStems[i % 5] + std::to_string(i);
    const std::size_t want = 20 + rng() % 41;
    while (p.size() < want) p += static_cast<char>('a' + rng() % 26);
    p.resize(want);
    out.push_back(std::move(p));
  }
  return out;
}

/// `lines` draws from `n` keys with Zipf(1) weights, in a fixed random order.
std::vector<std::uint32_t> zipfDraws(std::size_t n, std::size_t lines) {
  std::vector<double> cumulative(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) cumulative[i] = total += 1.0 / static_cast<double>(i + 1);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, total);
  std::vector<std::uint32_t> out(lines);
  for (auto& d : out) {
    d = static_cast<std::uint32_t>(std::lower_bound(cumulative.begin(), cumulative.end(), u(rng)) -
                                   cumulative.begin());
  }
  return out;
}

struct CountBytes {
  std::uint64_t count = 0, bytes = 0;
};

/// The keys of `n` paths drawn 2 M times, as views into one text read in
/// order, as the map step's views into lines are (so only the map's own
/// memory is scattered).
struct PathLines {
  std::string text;
  std::vector<std::string_view> lines;

  explicit PathLines(std::size_t n) {
    const auto keys = paths(n);
    const auto draws = zipfDraws(keys.size(), 2'000'000);
    for (std::uint32_t d : draws) text += keys[d];
    lines.reserve(draws.size());
    std::size_t at = 0;
    for (std::uint32_t d : draws) {
      lines.emplace_back(text.data() + at, keys[d].size());
      at += keys[d].size();
    }
  }
};

/// One lookup per line, each waiting for the last.
void BM_PathLookups(benchmark::State& state) {
  const PathLines input(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    logmill::workers::FlatStringMap<CountBytes> map;
    for (std::string_view line : input.lines) {
      CountBytes& row = map[line];
      ++row.count;
      row.bytes += line.size();
    }
    benchmark::DoNotOptimize(map.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * input.lines.size()));
}

/// The same lookups staged across lines (FlatStringMap::prefetch two lines
/// ahead, prefetchEntry one ahead): what a map step that looked a few lines
/// ahead could gain by overlapping their cache misses.
void BM_PathLookupsStaged(benchmark::State& state) {
  const PathLines input(static_cast<std::size_t>(state.range(0)));
  const std::vector<std::string_view>& lines = input.lines;
  for (auto _ : state) {
    logmill::workers::FlatStringMap<CountBytes> map;
    std::uint64_t hashes[3] = {};
    for (std::size_t i = 0; i < lines.size() + 2; ++i) {
      if (i < lines.size()) {
        hashes[i % 3] = logmill::workers::flatStringHash(lines[i]);
        map.prefetch(hashes[i % 3]);
      }
      if (i >= 1 && i - 1 < lines.size()) map.prefetchEntry(hashes[(i - 1) % 3]);
      if (i >= 2) {
        const std::string_view line = lines[i - 2];
        CountBytes& row = map.valueAt(map.indexOf(line, hashes[(i - 2) % 3]));
        ++row.count;
        row.bytes += line.size();
      }
    }
    benchmark::DoNotOptimize(map.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines.size()));
}

BENCHMARK(BM_PathLookupsStaged)->Arg(20'000)->Arg(200'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PathLookups)->Arg(20'000)->Arg(200'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Groups<StdMap>)->Arg(2'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Groups<FlatMap>)->Arg(2'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Groups<AbslMap>)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
