#include "workers/countLines.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace logmill::workers {
namespace {

LineCount countScalar(const char* p, std::size_t n, std::size_t maxLine) {
  LineCount c;
  std::size_t start = 0;
  while (start < n) {
    const void* nl = std::memchr(p + start, '\n', n - start);
    if (nl == nullptr) break;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
    ++c.lines;
    c.overlong += isOverlongLine(p, start, at, maxLine) ? 1 : 0;
    start = at + 1;
  }
  return c;
}

#if defined(__x86_64__)
// 64 bytes per step: a mask of their newlines, counted by popcount. Lines
// inside one step are shorter than 64 bytes, so only the gap before a step's
// first newline can be overlong (callers guarantee maxLine >= 64).
__attribute__((target("avx2,popcnt"))) LineCount countAvx2(const char* p, std::size_t n,
                                                           std::size_t maxLine) {
  LineCount c;
  const __m256i newline = _mm256_set1_epi8('\n');
  std::size_t start = 0;  // where the current line starts
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32));
    const std::uint64_t mask =
        static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, newline))) |
        static_cast<std::uint64_t>(
            static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, newline))))
            << 32;
    if (mask == 0) continue;
    c.lines += static_cast<std::uint64_t>(__builtin_popcountll(mask));
    const std::size_t first = i + static_cast<std::size_t>(__builtin_ctzll(mask));
    if (first - start > maxLine && isOverlongLine(p, start, first, maxLine)) ++c.overlong;
    start = i + 64 - static_cast<std::size_t>(__builtin_clzll(mask));
  }
  // [start, i) holds no newline: the last lines are counted from `start`.
  const LineCount tail = countScalar(p + start, n - start, maxLine);
  c.lines += tail.lines;
  c.overlong += tail.overlong;
  return c;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#endif

}  // namespace

LineCount countLines(std::string_view text, std::size_t maxLine) noexcept {
#if defined(__x86_64__)
  if (kHaveAvx2 && maxLine >= 64) return countAvx2(text.data(), text.size(), maxLine);
#endif
  return countScalar(text.data(), text.size(), maxLine);
}

}  // namespace logmill::workers
