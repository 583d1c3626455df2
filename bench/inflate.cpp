// Inflate throughput, in MB/s of text produced, of the shared ~20 MB log
// (gzip level 6): zlib, ISA-L and libdeflate straight, the project's Inflater
// wrappers, and LineReader end to end (inflate + line split) over the file.

#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/benchData.hpp"
#include "workers/input/Inflater.hpp"
#include "workers/input/LineReader.hpp"

#ifdef LOGMILL_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif
#ifdef LOGMILL_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

namespace {

using logmill::bench::gzipBytes;
using logmill::bench::plainText;

// The output window the streaming inflaters write into, as LineReader does.
constexpr std::size_t kWindow = 1 << 20;

const std::uint8_t* gzData() {
  return reinterpret_cast<const std::uint8_t*>(gzipBytes().data());
}

// Generates, reads and inflates the shared file before any timed loop.
void prepare() {
  (void)plainText();
}

void finish(benchmark::State& state, std::uint64_t produced) {
  if (produced != plainText().size()) state.SkipWithError("inflated size does not match");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plainText().size()));
  state.counters["ratio"] = static_cast<double>(plainText().size()) / gzipBytes().size();
}

// zlib, windowBits 15+32 (gzip auto-detect), 1 MiB output window.
void BM_Zlib(benchmark::State& state) {
  prepare();
  std::vector<std::uint8_t> out(kWindow);
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2");
  std::uint64_t produced = 0;
  for (auto _ : state) {
    produced = 0;
    inflateReset(&zs);
    zs.next_in = const_cast<Bytef*>(gzData());
    zs.avail_in = static_cast<uInt>(gzipBytes().size());
    for (;;) {
      zs.next_out = out.data();
      zs.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&zs, Z_NO_FLUSH);
      produced += out.size() - zs.avail_out;
      if (rc == Z_STREAM_END && zs.avail_in == 0) break;
      if (rc == Z_STREAM_END)
        inflateReset(&zs);  // next gzip member
      else if (rc != Z_OK)
        throw std::runtime_error("zlib inflate failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  inflateEnd(&zs);
  finish(state, produced);
}
BENCHMARK(BM_Zlib)->Unit(benchmark::kMillisecond)->MinTime(0.5);

#ifdef LOGMILL_HAVE_ISAL
// ISA-L igzip, gzip header parsed by the library, 1 MiB output window.
void BM_Isal(benchmark::State& state) {
  prepare();
  std::vector<std::uint8_t> out(kWindow);
  inflate_state st{};
  std::uint64_t produced = 0;
  for (auto _ : state) {
    produced = 0;
    isal_inflate_init(&st);
    st.crc_flag = ISAL_GZIP;
    st.next_in = const_cast<std::uint8_t*>(gzData());
    st.avail_in = static_cast<std::uint32_t>(gzipBytes().size());
    for (;;) {
      st.next_out = out.data();
      st.avail_out = static_cast<std::uint32_t>(out.size());
      if (isal_inflate(&st) != ISAL_DECOMP_OK) throw std::runtime_error("isal_inflate failed");
      produced += out.size() - st.avail_out;
      if (st.block_state == ISAL_BLOCK_FINISH) {
        if (st.avail_in == 0) break;
        const auto* next = st.next_in;  // next gzip member
        const auto left = st.avail_in;
        isal_inflate_reset(&st);
        st.crc_flag = ISAL_GZIP;
        st.next_in = const_cast<std::uint8_t*>(next);
        st.avail_in = left;
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  finish(state, produced);
}
BENCHMARK(BM_Isal)->Unit(benchmark::kMillisecond)->MinTime(0.5);
#endif

#ifdef LOGMILL_HAVE_LIBDEFLATE
// libdeflate: whole buffer in, whole text out (it cannot stream).
void BM_Libdeflate(benchmark::State& state) {
  prepare();
  std::vector<std::uint8_t> out(plainText().size());
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  std::uint64_t produced = 0;
  for (auto _ : state) {
    produced = 0;
    std::size_t pos = 0;
    while (pos < gzipBytes().size()) {  // one call per gzip member
      std::size_t inUsed = 0, outUsed = 0;
      const auto rc = libdeflate_gzip_decompress_ex(d, gzData() + pos, gzipBytes().size() - pos,
                                                    out.data() + produced, out.size() - produced,
                                                    &inUsed, &outUsed);
      if (rc != LIBDEFLATE_SUCCESS) throw std::runtime_error("libdeflate failed");
      pos += inUsed;
      produced += outUsed;
    }
    benchmark::DoNotOptimize(out.data());
  }
  libdeflate_free_decompressor(d);
  finish(state, produced);
}
BENCHMARK(BM_Libdeflate)->Unit(benchmark::kMillisecond)->MinTime(0.5);
#endif

// The project's Inflater wrapper (workers/input/Inflater.hpp), 1 MiB window.
void BM_WorkersInflater(benchmark::State& state, logmill::workers::InflaterKind kind) {
  prepare();
  auto inflater = logmill::workers::makeInflater(kind);
  std::vector<std::uint8_t> out(kWindow);
  std::uint64_t produced = 0;
  const std::span<const std::uint8_t> all(gzData(), gzipBytes().size());
  for (auto _ : state) {
    produced = 0;
    inflater->reset();
    std::size_t pos = 0;
    while (pos < all.size()) {
      const auto step = inflater->inflate(all.subspan(pos), out);
      pos += step.consumed;
      produced += step.produced;
      using Status = logmill::workers::InflateStep::Status;
      if (step.status == Status::kCorrupt) throw std::runtime_error(step.detail);
      if (step.status == Status::kMemberEnd) inflater->reset();
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(inflater->name());
  finish(state, produced);
}
BENCHMARK_CAPTURE(BM_WorkersInflater, isal, logmill::workers::InflaterKind::kIsal)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);
BENCHMARK_CAPTURE(BM_WorkersInflater, zlib, logmill::workers::InflaterKind::kZlib)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

// LineReader over the .gz file (page cache): read + inflate + split lines.
void BM_LineReaderGzip(benchmark::State& state, logmill::workers::InflaterKind kind) {
  const std::string& path = logmill::bench::gzipPath();
  prepare();
  std::uint64_t lines = 0, produced = 0;
  for (auto _ : state) {
    logmill::workers::ReaderOptions options;
    options.inflater = kind;
    logmill::workers::LineReader reader(path, {}, options);
    std::string_view line;
    lines = 0;
    while (reader.next(line)) ++lines;
    produced = reader.bytesOut();
  }
  finish(state, produced);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines));
}
BENCHMARK_CAPTURE(BM_LineReaderGzip, isal, logmill::workers::InflaterKind::kIsal)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);
BENCHMARK_CAPTURE(BM_LineReaderGzip, zlib, logmill::workers::InflaterKind::kZlib)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

}  // namespace

BENCHMARK_MAIN();
