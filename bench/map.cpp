// The whole map step, workers::Mapper::run, over the shared log as a plain
// file (page cache) for typical queries, one over the gzip file, and the
// aggregate's hot operations: Partial::add and Partial::merge, and the
// --agg row update (AggregateMapper::map against stage).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/benchData.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/query/AggregateMapper.hpp"
#include "workers/query/GroupKey.hpp"

namespace {

using logmill::workers::ByteRange;
using logmill::workers::Command;
using logmill::workers::Field;
using logmill::workers::Mapper;
using logmill::workers::Partial;
using logmill::workers::Query;

Query makeQuery(Command command, std::vector<Field> by = {}, std::string where = {}) {
  Query q;
  q.command = command;
  q.by = std::move(by);
  q.where = std::move(where);
  return q;  // logFormat "auto", as the CLI defaults
}

void BM_Map(benchmark::State& state, Query query, bool gzip) {
  const std::string& path = gzip ? logmill::bench::gzipPath() : logmill::bench::plainPath();
  Mapper mapper(query);
  Partial last;
  for (auto _ : state) {
    Partial partial;
    mapper.run(path, {}, partial);
    last = std::move(partial);
  }
  const auto& s = last.stats();
  if (!last.errors().empty() || s.lines != logmill::bench::kLines) {
    state.SkipWithError("map run did not read every line");
    return;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.lines));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.bytesOut));
  state.counters["groups"] = static_cast<double>(last.groups().size());
  state.counters["matched"] = static_cast<double>(s.matched);
}
BENCHMARK_CAPTURE(BM_Map, robots, makeQuery(Command::Robots), false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Map, count_by_status, makeQuery(Command::Count, {Field::Status}), false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Map, count_by_path, makeQuery(Command::Count, {Field::Path}), false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Map, count_where_5xx_api,
                  makeQuery(Command::Count, {}, R"(status >= 500 and path ~ "^/api/")"), false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Map, count_by_browser_os,
                  makeQuery(Command::Count, {Field::Browser, Field::Os}), false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Map, count_by_hour, makeQuery(Command::Count, {Field::Hour}), false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Map, robots_gzip, makeQuery(Command::Robots), true)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);

// buildGroupKey alone on parsed records (16k lines): what each --by field
// costs per line on top of parsing.
void BM_GroupKey(benchmark::State& state, std::vector<Field> fields) {
  static const auto records = [] {
    std::vector<logmill::workers::LogRecord> out;
    logmill::workers::LineParser parser("combined");
    logmill::workers::LogRecord r;
    for (auto line : logmill::bench::sampleLines(1 << 14))
      if (parser.parse(line, r)) out.push_back(r);
    return out;
  }();
  std::string key;
  std::uint64_t keyBytes = 0;
  for (auto _ : state) {
    keyBytes = 0;
    for (const auto& r : records) {
      logmill::workers::buildGroupKey(r, fields, key);
      keyBytes += key.size();
    }
    benchmark::DoNotOptimize(keyBytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK_CAPTURE(BM_GroupKey, status, {Field::Status})
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);
BENCHMARK_CAPTURE(BM_GroupKey, path, {Field::Path})->Unit(benchmark::kMicrosecond)->MinTime(0.2);
BENCHMARK_CAPTURE(BM_GroupKey, hour, {Field::Hour})->Unit(benchmark::kMicrosecond)->MinTime(0.2);
BENCHMARK_CAPTURE(BM_GroupKey, date, {Field::Date})->Unit(benchmark::kMicrosecond)->MinTime(0.2);
BENCHMARK_CAPTURE(BM_GroupKey, browser_os, {Field::Browser, Field::Os})
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.2);
BENCHMARK_CAPTURE(BM_GroupKey, ext, {Field::Ext})->Unit(benchmark::kMicrosecond)->MinTime(0.2);

// The request paths of the log's first 64k lines, in log order: a realistic
// (Zipf) mix of repeated and fresh group keys.
const std::vector<std::string_view>& samplePaths() {
  static const std::vector<std::string_view> paths = [] {
    std::vector<std::string_view> out;
    logmill::workers::LineParser parser("combined");
    logmill::workers::LogRecord r;
    for (auto line : logmill::bench::sampleLines(1 << 16))
      if (parser.parse(line, r)) out.push_back(r.path);
    return out;
  }();
  return paths;
}

// add() into a Partial that already holds every key (the steady state of a
// long run), and into a fresh one (inserts and allocations included).
void BM_PartialAdd(benchmark::State& state) {
  const bool fresh = state.range(0) != 0;
  const auto& paths = samplePaths();
  Partial warm;
  for (auto p : paths) warm.add(p);
  for (auto _ : state) {
    if (fresh) {
      Partial partial;
      for (auto p : paths) partial.add(p);
      benchmark::DoNotOptimize(partial.groups().size());
    } else {
      for (auto p : paths) warm.add(p);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * paths.size()));
  state.counters["groups"] = static_cast<double>(warm.groups().size());
  state.SetLabel(fresh ? "fresh partial" : "keys present");
}
BENCHMARK(BM_PartialAdd)->ArgName("fresh")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// merge() of the two halves of the log's count-by-path partials, as the
// reduce does for two tasks of one file.
void BM_PartialMergeHalves(benchmark::State& state) {
  const std::string& path = logmill::bench::plainPath();
  const std::uint64_t half = logmill::bench::plainText().size() / 2;
  Mapper mapper(makeQuery(Command::Count, {Field::Path}));
  Partial first, second;
  mapper.run(path, ByteRange{0, half}, first);
  mapper.run(path, ByteRange{half, ByteRange{}.end}, second);
  for (auto _ : state) {
    state.PauseTiming();
    Partial into = first;
    state.ResumeTiming();
    into.merge(second);
    benchmark::DoNotOptimize(into.groups().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * second.groups().size()));
  state.counters["groups_a"] = static_cast<double>(first.groups().size());
  state.counters["groups_b"] = static_cast<double>(second.groups().size());
}
BENCHMARK(BM_PartialMergeHalves)->Unit(benchmark::kMicrosecond);

// The aggregate map step of `top --by path --agg count,sum(bytes)` alone:
// 1 M lines whose paths (20-60 bytes) are drawn Zipf(1) from `distinct`
// paths, each line's row updated at once (map) or staged kAhead lines ahead
// with its lookup's cache misses prefetched (stage, then flush). The table
// is warm (every path present), as in a long run; the d8 dataset has ~28 k
// distinct paths.
void BM_AggregateRows(benchmark::State& state) {
  const bool staged = state.range(0) != 0;
  const auto distinct = static_cast<std::size_t>(state.range(1));
  constexpr std::size_t kLines = 1 << 20;
  std::mt19937_64 rng(42);
  std::vector<std::string> paths(distinct);
  for (std::string& p : paths) {
    p = "/static/";
    for (std::size_t n = 12 + rng() % 41; n > 0; --n) p += static_cast<char>('a' + rng() % 26);
  }
  std::vector<double> cumulative(distinct);
  double total = 0;
  for (std::size_t i = 0; i < distinct; ++i)
    cumulative[i] = total += 1.0 / static_cast<double>(i + 1);
  std::vector<std::uint32_t> draws(kLines);
  std::vector<std::int64_t> bytes(kLines);
  std::uniform_real_distribution<double> u(0, total);
  for (std::size_t i = 0; i < kLines; ++i) {
    draws[i] = static_cast<std::uint32_t>(
        std::lower_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin());
    bytes[i] = static_cast<std::int64_t>(rng() % 50000);
  }
  Query q = makeQuery(Command::Top, {Field::Path});
  q.aggregates = logmill::workers::parseAggregates("count,sum(bytes)");
  logmill::workers::AggregateMapper mapper(q);
  logmill::workers::AggregateTable table;
  logmill::workers::LogRecord record;
  const auto pass = [&] {
    for (std::size_t i = 0; i < kLines; ++i) {
      record.path = paths[draws[i] < distinct ? draws[i] : distinct - 1];
      record.bytes = bytes[i];
      if (staged) {
        mapper.stage(record, table);
      } else {
        mapper.map(record, table);
      }
    }
    mapper.flush(table);
  };
  pass();  // every path present: the steady state
  for (auto _ : state) pass();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kLines));
  state.counters["rows"] = static_cast<double>(table.rows().size());
  state.SetLabel(staged ? "stage" : "map");
}
BENCHMARK(BM_AggregateRows)
    ->ArgNames({"staged", "distinct"})
    ->ArgsProduct({{0, 1}, {28000, 200000}})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
