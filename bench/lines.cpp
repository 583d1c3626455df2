// Line splitting of the shared ~20 MB decompressed text: a memchr loop, a
// naive byte loop and std::string_view::find over an in-memory buffer, then
// LineReader over the plain file (page cache), with and without prefetch.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <string_view>

#include "bench/benchData.hpp"
#include "workers/input/LineReader.hpp"

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

}  // namespace

BENCHMARK_MAIN();
