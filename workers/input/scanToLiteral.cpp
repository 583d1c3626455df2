#include "workers/input/scanToLiteral.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace logmill::workers {
namespace {

LiteralScan scanPortable(std::string_view text, const LiteralFinder& finder, std::size_t maxLine) {
  const std::size_t hit = finder.find(text);
  const std::size_t end = hit == std::string_view::npos ? text.size() : hit;
  const void* newline = ::memrchr(text.data(), '\n', end);
  LiteralScan s;
  s.found = hit != std::string_view::npos;
  if (newline != nullptr) {
    s.lineBytes = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1;
    s.count = countLines(text.substr(0, s.lineBytes), maxLine);
  }
  return s;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) std::uint64_t mask64(const char* p, __m256i byte) {
  const auto lo = static_cast<std::uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), byte)));
  const auto hi = static_cast<std::uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)), byte)));
  return lo | (std::uint64_t{hi} << 32);
}

// 64 positions per step: their newlines, and the positions where the
// needle's two rarest bytes both match (verified with memcmp). Lines inside
// one step are shorter than 64 bytes, so only the gap before a step's first
// newline can be overlong (the caller guarantees maxLine >= 64).
__attribute__((target("avx2,popcnt"))) LiteralScan scanAvx2(std::string_view text,
                                                            const LiteralFinder& finder,
                                                            std::size_t maxLine) {
  const char* p = text.data();
  const std::size_t n = text.size();
  const std::string& needle = finder.needle();
  const std::size_t first = finder.firstOffset(), second = finder.secondOffset();
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i a = _mm256_set1_epi8(needle[first]);
  const __m256i b = _mm256_set1_epi8(needle[second]);
  LiteralScan s;
  std::size_t start = 0;  // where the current line starts
  const auto countNewlines = [&](std::uint64_t mask, std::size_t i) {
    if (mask == 0) return;
    s.count.lines += static_cast<std::uint64_t>(__builtin_popcountll(mask));
    const std::size_t at = i + static_cast<std::size_t>(__builtin_ctzll(mask));
    if (at - start > maxLine && isOverlongLine(p, start, at, maxLine)) ++s.count.overlong;
    start = i + 64 - static_cast<std::size_t>(__builtin_clzll(mask));
  };
  std::size_t i = 0;
  // Candidate loads reach i + 63 + max(first, second) < i + 63 + needle.size().
  for (; i + 63 + needle.size() <= n; i += 64) {
    const std::uint64_t lines = mask64(p + i, newline);
    std::uint64_t candidates = mask64(p + i + first, a) & mask64(p + i + second, b);
    while (candidates != 0) {
      const auto at = static_cast<std::size_t>(__builtin_ctzll(candidates));
      if (std::memcmp(p + i + at, needle.data(), needle.size()) == 0) {
        countNewlines(at == 0 ? 0 : lines & ((std::uint64_t{1} << at) - 1), i);
        s.lineBytes = start;
        s.found = true;
        return s;
      }
      candidates &= candidates - 1;
    }
    countNewlines(lines, i);
  }
  // The rest, from the current line's start: no occurrence starts before i.
  const LiteralScan tail = scanPortable(text.substr(start), finder, maxLine);
  s.count.lines += tail.count.lines;
  s.count.overlong += tail.count.overlong;
  s.lineBytes = start + tail.lineBytes;
  s.found = tail.found;
  return s;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#endif

}  // namespace

LiteralScan scanToLiteral(std::string_view text, const LiteralFinder& finder,
                          std::size_t maxLine) noexcept {
#if defined(__x86_64__)
  if (kHaveAvx2 && maxLine >= 64) return scanAvx2(text, finder, maxLine);
#endif
  return scanPortable(text, finder, maxLine);
}

}  // namespace logmill::workers
