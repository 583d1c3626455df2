// Line splitting of the shared ~20 MB decompressed text: a memchr loop, a
// naive byte loop and std::string_view::find over an in-memory buffer, then
// LineReader over the plain file (page cache), with and without prefetch;
// and the prefilter's window scan (scanToLiteral) with each instruction set.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "bench/benchData.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/input/scanToLiteral.hpp"

namespace {

using logmill::bench::plainText;

// Every splitter folds line lengths into a checksum so none can be skipped.
struct Tally {
  std::uint64_t lines = 0;
  std::uint64_t lengthSum = 0;
  void add(std::size_t length) {
    ++lines;
    lengthSum += length;
  }
};

Tally splitMemchr(std::string_view text) {
  Tally t;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
    const char* eol = nl != nullptr ? nl : end;
    t.add(eol - p);
    p = eol + 1;
  }
  return t;
}

Tally splitNaive(std::string_view text) {
  Tally t;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      t.add(i - start);
      start = i + 1;
    }
  }
  if (start < text.size()) t.add(text.size() - start);
  return t;
}

Tally splitFind(std::string_view text) {
  Tally t;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    t.add(eol - pos);
    pos = eol + 1;
  }
  return t;
}

template <Tally (*Split)(std::string_view)>
void BM_Split(benchmark::State& state) {
  const std::string_view text = plainText();
  Tally t;
  for (auto _ : state) {
    t = Split(text);
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * t.lines));
  // All three must agree: lines + newlines == text size when it ends in '\n'.
  if (t.lengthSum + t.lines != text.size()) state.SkipWithError("splitter miscounted");
}
BENCHMARK(BM_Split<splitMemchr>)->Name("BM_SplitMemchr")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Split<splitNaive>)->Name("BM_SplitNaiveLoop")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Split<splitFind>)->Name("BM_SplitStringViewFind")->Unit(benchmark::kMillisecond);

// LineReader on the plain file: pread from the page cache + split.
void BM_LineReaderPlain(benchmark::State& state) {
  const std::string& path = logmill::bench::plainPath();
  logmill::workers::ReaderOptions options;
  options.prefetch = state.range(0) != 0;
  Tally t;
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    logmill::workers::LineReader reader(path, {}, options);
    std::string_view line;
    t = {};
    while (reader.next(line)) t.add(line.size());
    bytes = reader.bytesOut();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * t.lines));
  state.SetLabel(options.prefetch ? "prefetch" : "no prefetch");
  if (t.lengthSum + t.lines != plainText().size()) state.SkipWithError("reader miscounted");
}
BENCHMARK(BM_LineReaderPlain)->ArgName("prefetch")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The robots prefilter's scan over the text in 256 KB windows (LineReader's
// fill size, so a window is in cache as it is after inflating it): counts
// the lines up to each "/robots.txt" line, then goes on past it.
void BM_ScanToLiteral(benchmark::State& state) {
  using logmill::workers::ScanIsa;
  const auto isa = static_cast<ScanIsa>(state.range(0));
  if (!logmill::workers::scanIsaSupported(isa)) {
    state.SkipWithError("this CPU lacks the instruction set");
    return;
  }
  const std::string_view text = plainText();
  const logmill::workers::LiteralFinder finder("/robots.txt");
  constexpr std::size_t kWindow = std::size_t{256} << 10;
  std::uint64_t lines = 0;
  for (auto _ : state) {
    lines = 0;
    for (std::size_t at = 0; at < text.size();) {
      const std::string_view window = text.substr(at, kWindow);
      const auto scan = logmill::workers::scanToLiteral(window, finder, 1 << 20, isa);
      lines += scan.count.lines + (scan.found ? 1 : 0);
      const std::size_t next = window.find('\n', scan.lineBytes);  // past a found line
      at += scan.found && next != std::string_view::npos ? next + 1
                                                         : std::max<std::size_t>(scan.lineBytes, 1);
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  static constexpr const char* kNames[] = {"best", "portable", "avx2", "avx512"};
  state.SetLabel(kNames[state.range(0)]);
  if (lines != logmill::bench::kLines) state.SkipWithError("scan miscounted");
}
BENCHMARK(BM_ScanToLiteral)->ArgName("isa")->DenseRange(1, 3)->Unit(benchmark::kMillisecond);

// The scan's own speed: one 32 KB window (in L1) over and over.
void BM_ScanToLiteralHot(benchmark::State& state) {
  using logmill::workers::ScanIsa;
  const auto isa = static_cast<ScanIsa>(state.range(0));
  if (!logmill::workers::scanIsaSupported(isa)) {
    state.SkipWithError("this CPU lacks the instruction set");
    return;
  }
  std::string window(plainText().substr(0, 32 << 10));
  std::erase(window, '/');  // no "/robots.txt": the whole window is scanned
  const logmill::workers::LiteralFinder finder("/robots.txt");
  std::uint64_t lines = 0;
  for (auto _ : state) {
    lines = logmill::workers::scanToLiteral(window, finder, 1 << 20, isa).count.lines;
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * window.size()));
  if (lines != static_cast<std::uint64_t>(std::count(window.begin(), window.end(), '\n'))) {
    state.SkipWithError("scan miscounted");
  }
}
BENCHMARK(BM_ScanToLiteralHot)->ArgName("isa")->DenseRange(1, 3);

}  // namespace

BENCHMARK_MAIN();
