// The gzip checkpoint index: what building it costs on top of a full read,
// and what inflating ranges from checkpoints costs against one full inflate.
// All decode the shared ~20 MB log (gzip level 6) from memory into a 1 MiB
// window, as LineReader does; MB/s are of text produced.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/benchData.hpp"
#include "workers/input/GzipIndex.hpp"
#include "workers/input/GzipIndexBuilder.hpp"
#include "workers/input/InflaterStream.hpp"
#include "workers/input/ResumedInflater.hpp"

namespace {

using logmill::bench::gzipBytes;
using logmill::bench::gzipPath;
using logmill::bench::plainText;
using namespace logmill::workers;

constexpr std::size_t kWindow = 1 << 20;
constexpr std::size_t kBlock = 1 << 20;  // compressed bytes per NextBlock, as FileSource

/// Compressed input from `offset` on, in FileSource-sized blocks.
InflaterStream::NextBlock blocksFrom(std::uint64_t offset) {
  return [offset]() mutable {
    const std::string& gz = gzipBytes();
    const std::size_t n =
        std::min<std::uint64_t>(kBlock, gz.size() - std::min<std::uint64_t>(offset, gz.size()));
    std::span<const std::uint8_t> block{reinterpret_cast<const std::uint8_t*>(gz.data()) + offset,
                                        n};
    offset += n;
    return block;
  };
}

/// Decodes `stream` until `length` text bytes came out or it ends.
std::uint64_t drain(InflaterStream& stream, std::uint64_t length, std::vector<std::uint8_t>& out) {
  std::uint64_t produced = 0;
  while (produced < length) {
    const std::size_t n =
        stream.read({out.data(), std::min<std::uint64_t>(out.size(), length - produced)});
    if (n == 0) break;
    produced += n;
  }
  return produced;
}

const GzipIndex& benchIndex() {
  static const GzipIndex index = GzipIndex::build(gzipPath());
  return index;
}

void wholeRead(benchmark::State& state, bool blocks, bool observe, InflaterKind kind) {
  (void)plainText();
  std::vector<std::uint8_t> out(kWindow);
  std::uint64_t produced = 0;
  std::size_t checkpoints = 0;
  for (auto _ : state) {
    GzipIndexBuilder builder;
    InflaterStream stream(
        blocks ? makeBlockInflater(kind, builder.blockEndSpacing()) : makeInflater(kind),
        blocksFrom(0), "bench");
    if (observe) stream.setObserver(&builder);
    produced = drain(stream, UINT64_MAX, out);
    if (observe)
      checkpoints = builder.finish(GzipFileKey::of(gzipPath()), gzipPath()).checkpoints().size();
  }
  if (produced != plainText().size()) state.SkipWithError("inflated size does not match");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * produced));
  if (observe) state.counters["checkpoints"] = static_cast<double>(checkpoints);
}

// The baseline each index-building read compares with.
void BM_WholeZlib(benchmark::State& state) {
  wholeRead(state, false, false, InflaterKind::kZlib);
}
void BM_WholeIsal(benchmark::State& state) {
  wholeRead(state, false, false, InflaterKind::kIsal);
}
// zlib stopping at every deflate block (Z_BLOCK), nobody listening.
void BM_WholeZlibBlocks(benchmark::State& state) {
  wholeRead(state, true, false, InflaterKind::kZlib);
}
// The first read that leaves an index behind (4 MiB spacing).
void BM_WholeZlibBlocksIndexing(benchmark::State& state) {
  wholeRead(state, true, true, InflaterKind::kZlib);
}
// The same with ISA-L stepping to a block end past each checkpoint target.
void BM_WholeIsalBlocksIndexing(benchmark::State& state) {
  wholeRead(state, true, true, InflaterKind::kIsal);
}

/// One range of the text, [begin, end), decoded from the checkpoint at or
/// before `begin` (the text before `begin` is decoded and dropped).
void range(benchmark::State& state, InflaterKind kind, int half) {
  (void)plainText();
  const GzipIndex& index = benchIndex();
  const auto ranges = index.splitRanges(2);
  if (ranges.size() != 2) {
    state.SkipWithError("fewer than 2 ranges");
    return;
  }
  const std::uint64_t begin = ranges[half].begin;
  const std::uint64_t end = std::min(ranges[half].end, index.textSize());
  const GzipCheckpoint& checkpoint = index.checkpointAtOrBefore(begin == 0 ? 0 : begin - 1);
  std::vector<std::uint8_t> out(kWindow);
  std::uint64_t produced = 0;
  for (auto _ : state) {
    auto inflater =
        checkpoint.atMemberStart()
            ? makeInflater(kind)
            : makeResumedInflater(kind, checkpoint, checkpointWindow(checkpoint, gzipPath()));
    InflaterStream stream(std::move(inflater), blocksFrom(checkpoint.compressedBit / 8), "bench",
                          checkpoint.compressedBit / 8, checkpoint.textOffset);
    produced = drain(stream, end - checkpoint.textOffset, out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * produced));
  state.counters["share"] = static_cast<double>(produced) / plainText().size();
}

void BM_RangeIsal(benchmark::State& state) {
  range(state, InflaterKind::kIsal, static_cast<int>(state.range(0)));
}
void BM_RangeZlib(benchmark::State& state) {
  range(state, InflaterKind::kZlib, static_cast<int>(state.range(0)));
}

BENCHMARK(BM_WholeZlib)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WholeZlibBlocks)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WholeZlibBlocksIndexing)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WholeIsalBlocksIndexing)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WholeIsal)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RangeIsal)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RangeZlib)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
