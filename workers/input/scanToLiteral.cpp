#include "workers/input/scanToLiteral.hpp"

#include <bit>
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

// The bits of the 128-bit mask hi:lo from bit k on (k < 64).
inline std::uint64_t bitsFrom(std::uint64_t lo, std::uint64_t hi, unsigned k) {
  return k == 0 ? lo : (lo >> k) | (hi << (64 - k));
}

// The newlines, and the two candidate bytes, of 64 bytes of text.
struct StepMasks {
  std::uint64_t newlines, first, second;
};

__attribute__((target("avx512f,avx512bw"))) inline StepMasks stepMasks(const char* p, __m512i a,
                                                                       __m512i b) {
  const __m512i v = _mm512_loadu_si512(p);
  return StepMasks{_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')), _mm512_cmpeq_epi8_mask(v, a),
                   _mm512_cmpeq_epi8_mask(v, b)};
}

// The same scan with 64-byte registers and one load per 64 bytes: the
// candidate bytes are compared where they lie and their masks shifted to
// the needle's start, so a step's candidates are known once the next step is
// loaded (the scan runs one step behind its loads). Unaligned loads at the
// needle offsets, as the AVX2 scan does, cross a cache line each and measured
// slower than AVX2 on Zen 4. Needs needle.size() <= 64. Every CPU with
// AVX-512BW has LZCNT and BMI1.
__attribute__((target("avx512f,avx512bw,bmi,lzcnt,popcnt"))) LiteralScan scanAvx512(
    std::string_view text, const LiteralFinder& finder, std::size_t maxLine) {
  const char* p = text.data();
  const std::size_t n = text.size();
  const std::string& needle = finder.needle();
  const auto first = static_cast<unsigned>(finder.firstOffset());
  const auto second = static_cast<unsigned>(finder.secondOffset());
  const __m512i a = _mm512_set1_epi8(needle[first]);
  const __m512i b = _mm512_set1_epi8(needle[second]);
  // Kept in locals (registers), not in the result, until the end.
  std::uint64_t lines = 0, overlong = 0;
  std::size_t start = 0;  // where the current line starts
  bool found = false;
  std::size_t i = 64;
  if (n >= 64) {
    StepMasks previous = stepMasks(p, a, b);
    for (; i + 64 <= n; i += 64) {
      const StepMasks current = stepMasks(p + i, a, b);
      const std::size_t step = i - 64;  // the step whose candidates are now known
      std::uint64_t newlines = previous.newlines;
      std::uint64_t candidates = bitsFrom(previous.first, current.first, first) &
                                 bitsFrom(previous.second, current.second, second);
      while (candidates != 0) {
        // Ends before step + 64 + needle.size() <= i + 64 <= n.
        const auto at = static_cast<unsigned>(std::countr_zero(candidates));
        if (std::memcmp(p + step + at, needle.data(), needle.size()) == 0) {
          newlines &= (std::uint64_t{1} << at) - 1;
          found = true;
          break;
        }
        candidates &= candidates - 1;
      }
      lines += static_cast<std::uint64_t>(std::popcount(newlines));
      // No newline: `at` is step + 64, and the gap is checked again at the next.
      const std::size_t at = step + static_cast<std::size_t>(std::countr_zero(newlines));
      if (at - start > maxLine && newlines != 0 && isOverlongLine(p, start, at, maxLine)) {
        ++overlong;
      }
      start =
          newlines != 0 ? step + 64 - static_cast<std::size_t>(std::countl_zero(newlines)) : start;
      if (found) break;
      previous = current;
    }
  }
  LiteralScan s;
  s.count = {lines, overlong};
  s.lineBytes = start;
  s.found = found;
  if (found) return s;
  // The rest, from the current line's start: no occurrence starts before i - 64.
  const LiteralScan tail = scanPortable(text.substr(start), finder, maxLine);
  s.count.lines += tail.count.lines;
  s.count.overlong += tail.count.overlong;
  s.lineBytes = start + tail.lineBytes;
  s.found = tail.found;
  return s;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
const bool kHaveAvx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                         __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
#endif

}  // namespace

bool scanIsaSupported(ScanIsa isa) noexcept {
  switch (isa) {
    case ScanIsa::kBest:
    case ScanIsa::kPortable:
      return true;
#if defined(__x86_64__)
    case ScanIsa::kAvx2:
      return kHaveAvx2;
    case ScanIsa::kAvx512:
      return kHaveAvx512;
#endif
    default:
      return false;
  }
}

LiteralScan scanToLiteral(std::string_view text, const LiteralFinder& finder, std::size_t maxLine,
                          ScanIsa isa) noexcept {
  // The vector scans count lines by 64-byte steps, so they need maxLine >= 64.
#if defined(__x86_64__)
  if (maxLine >= 64) {
    const bool shortNeedle = finder.needle().size() <= 64;
    if (shortNeedle && (isa == ScanIsa::kAvx512 || (isa == ScanIsa::kBest && kHaveAvx512))) {
      return scanAvx512(text, finder, maxLine);
    }
    if (isa == ScanIsa::kAvx2 || (isa == ScanIsa::kBest && kHaveAvx2)) {
      return scanAvx2(text, finder, maxLine);
    }
  }
#endif
  return scanPortable(text, finder, maxLine);
}

}  // namespace logmill::workers
