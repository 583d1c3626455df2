// Partial aggregates with 1k and 100k groups: encode, decode, and merge
// (overlapping keys, as when tasks of one query share most groups, and
// disjoint keys, the worst case for the hash map).

#include "workers/map/Partial.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

namespace {

using logmill::workers::Partial;

/// `groups` path-like keys (`/blog/2019/11/post-123`, ...) with Zipf-ish
/// counts; `salt` makes the key sets of two partials disjoint.
Partial makePartial(std::size_t groups, unsigned salt = 0) {
  static constexpr const char* kPrefixes[] = {"/blog/2019/11/post-", "/static/img/i",
                                              "/api/v1/users/", "/docs/x/page-", "/products/"};
  Partial p;
  std::string key;
  for (std::size_t i = 0; i < groups; ++i) {
    key = kPrefixes[i % 5];
    key += std::to_string(i * 7919 + salt);
    if (i % 5 == 1) key += ".png";
    p.add(key, 1 + 100'000 / (i + 1));
  }
  auto& s = p.stats();
  s.files = 1;
  s.lines = s.parsed = s.matched = groups * 10;
  s.bytesIn = s.bytesOut = groups * 1730;
  return p;
}

void BM_PartialEncode(benchmark::State& state) {
  const Partial p = makePartial(static_cast<std::size_t>(state.range(0)));
  std::size_t size = 0;
  for (auto _ : state) {
    const std::string bytes = p.encode();
    size = bytes.size();
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state.range(0)));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  state.counters["encoded_bytes"] = static_cast<double>(size);
}
BENCHMARK(BM_PartialEncode)
    ->ArgName("groups")
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);

void BM_PartialDecode(benchmark::State& state) {
  const Partial p = makePartial(static_cast<std::size_t>(state.range(0)));
  const std::string bytes = p.encode();
  for (auto _ : state) {
    Partial back = Partial::decode(bytes);
    benchmark::DoNotOptimize(back.groups().size());
  }
  if (Partial::decode(bytes) != p) state.SkipWithError("decode(encode(p)) != p");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state.range(0)));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_PartialDecode)
    ->ArgName("groups")
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);

// Same key set: only counts change, so the destination can be reused.
void BM_PartialMergeOverlap(benchmark::State& state) {
  const auto groups = static_cast<std::size_t>(state.range(0));
  Partial into = makePartial(groups);
  const Partial other = makePartial(groups);
  for (auto _ : state) {
    into.merge(other);
    benchmark::DoNotOptimize(into.groups().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * groups));
}
BENCHMARK(BM_PartialMergeOverlap)
    ->ArgName("groups")
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);

// Disjoint key sets: every group is an insert; the destination is rebuilt
// (untimed) before each merge.
void BM_PartialMergeDisjoint(benchmark::State& state) {
  const auto groups = static_cast<std::size_t>(state.range(0));
  const Partial base = makePartial(groups);
  const Partial other = makePartial(groups, 1);
  for (auto _ : state) {
    state.PauseTiming();
    Partial into = base;
    state.ResumeTiming();
    into.merge(other);
    benchmark::DoNotOptimize(into.groups().size());
    state.PauseTiming();  // destroying `into` is not part of the merge
    into = Partial{};
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * groups));
}
BENCHMARK(BM_PartialMergeDisjoint)
    ->ArgName("groups")
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);

// merge(Partial&&) of disjoint key sets: the reduce's path for a partial it
// owns. (Into an empty partial it is a swap, O(1), so not measured.)
void BM_PartialMergeMoveDisjoint(benchmark::State& state) {
  const auto groups = static_cast<std::size_t>(state.range(0));
  const Partial base = makePartial(groups);
  const Partial source = makePartial(groups, 1);
  for (auto _ : state) {
    state.PauseTiming();
    Partial into = base;
    Partial other = source;
    state.ResumeTiming();
    into.merge(std::move(other));
    benchmark::DoNotOptimize(into.groups().size());
    state.PauseTiming();
    into = Partial{};
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * groups));
}
BENCHMARK(BM_PartialMergeMoveDisjoint)
    ->ArgName("groups")
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);

// The coordinator's reduce of two workers' results, both sorted (as held
// partials are): decode the second one and merge it, or merge it as it is
// decoded (mergeEncoded). Disjoint keys, as for count --by host.
Partial sortedPartial(std::size_t groups, unsigned salt) {
  Partial p = makePartial(groups, salt);
  p.sortGroups();
  return p;
}

/// Times merging a sorted encoded partial of `groups` keys into another of
/// as many other keys, the way `mergeInto(into, bytes)` does.
template <typename MergeInto>
void reduceSorted(benchmark::State& state, MergeInto mergeInto) {
  const auto groups = static_cast<std::size_t>(state.range(0));
  const Partial base = sortedPartial(groups, 0);
  const std::string bytes = sortedPartial(groups, 1).encode();
  for (auto _ : state) {
    state.PauseTiming();
    Partial into = base;
    state.ResumeTiming();
    mergeInto(into, bytes);
    benchmark::DoNotOptimize(into.groups().size());
    state.PauseTiming();
    into = Partial{};
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * groups));
}

void BM_ReduceDecodeThenMerge(benchmark::State& state) {
  reduceSorted(state,
               [](Partial& into, const std::string& bytes) { into.merge(Partial::decode(bytes)); });
}
BENCHMARK(BM_ReduceDecodeThenMerge)
    ->ArgName("groups")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

void BM_ReduceMergeEncoded(benchmark::State& state) {
  reduceSorted(state, [](Partial& into, const std::string& bytes) { into.mergeEncoded(bytes); });
}
BENCHMARK(BM_ReduceMergeEncoded)
    ->ArgName("groups")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

}  // namespace

BENCHMARK_MAIN();
