#include "workers/input/scanToLiteral.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
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

// The newlines of the 64 bytes at q, and the positions there where the
// needle's two compared bytes both match (loads reach q + 63 + max offset).
struct StepMasks {
  std::uint64_t newlines, candidates;
};

__attribute__((target("avx512f,avx512bw"))) inline StepMasks stepMasks(const char* q,
                                                                       unsigned first,
                                                                       unsigned second, __m512i a,
                                                                       __m512i b) {
  return StepMasks{
      _mm512_cmpeq_epi8_mask(_mm512_loadu_si512(q), _mm512_set1_epi8('\n')),
      _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(_mm512_loadu_si512(q + first), a),
                                  _mm512_loadu_si512(q + second), b)};
}

// Where a vector scan stands: the lines before `start` (the current line's
// start) counted, and whether the needle was found there.
struct ScanState {
  std::uint64_t lines = 0, overlong = 0;
  std::size_t start = 0;
  bool found = false;
};

// The exact bookkeeping of the 64-byte steps at `base` (a group's rare slow
// path): each step's candidates verified, then its newlines counted up to a
// hit and the gap before its first newline checked for an overlong line. The
// needle's bytes from every candidate must lie in the text.
__attribute__((target("bmi,lzcnt,popcnt"), noinline)) ScanState exactSteps(
    ScanState st, const char* p, std::size_t base, const std::uint64_t* newlineMasks,
    const std::uint64_t* candidateMasks, std::size_t steps, std::string_view needle,
    std::size_t maxLine) {
  for (std::size_t k = 0; k < steps && !st.found; ++k) {
    const std::size_t step = base + 64 * k;
    std::uint64_t newlines = newlineMasks[k];
    for (std::uint64_t candidates = candidateMasks[k]; candidates != 0;
         candidates &= candidates - 1) {
      const auto at = static_cast<unsigned>(std::countr_zero(candidates));
      if (std::memcmp(p + step + at, needle.data(), needle.size()) == 0) {
        newlines &= (std::uint64_t{1} << at) - 1;
        st.found = true;
        break;
      }
    }
    st.lines += static_cast<std::uint64_t>(std::popcount(newlines));
    if (newlines == 0) continue;
    const std::size_t at = step + static_cast<std::size_t>(std::countr_zero(newlines));
    if (at - st.start > maxLine && isOverlongLine(p, st.start, at, maxLine)) ++st.overlong;
    st.start = step + 64 - static_cast<std::size_t>(std::countl_zero(newlines));
  }
  return st;
}

// The same scan with 64-byte registers, four steps (256 bytes) at a time:
// a compare gives a mask (no movemask), and a group without candidates, in
// which no line can be overlong (the common case), only counts its newlines
// and moves the line start; any other goes through exactSteps. Needs
// needle.size() <= 64.
__attribute__((target("avx512f,avx512bw,bmi,lzcnt,popcnt"))) LiteralScan scanAvx512(
    std::string_view text, const LiteralFinder& finder, std::size_t maxLine) {
  constexpr std::size_t kSteps = 4, kGroup = 64 * kSteps;
  const char* p = text.data();
  const std::size_t n = text.size();
  const std::string& needle = finder.needle();
  const auto first = static_cast<unsigned>(finder.firstOffset());
  const auto second = static_cast<unsigned>(finder.secondOffset());
  const __m512i a = _mm512_set1_epi8(needle[first]);
  const __m512i b = _mm512_set1_epi8(needle[second]);
  // Kept in locals (registers) through the groups.
  std::uint64_t lines = 0, overlong = 0;
  std::size_t start = 0;
  ScanState st;
  std::size_t i = 0;  // every candidate starting before this was verified
  // A group's loads (and its candidates' memcmp) end before i + kGroup - 1 + needle.size().
  for (; i + kGroup - 1 + needle.size() <= n; i += kGroup) {
    std::uint64_t newlines[kSteps], candidates[kSteps], any = 0;
    for (std::size_t k = 0; k < kSteps; ++k) {
      const StepMasks m = stepMasks(p + i + 64 * k, first, second, a, b);
      newlines[k] = m.newlines;
      candidates[k] = m.candidates;
      any |= m.candidates;
    }
    if (any != 0 || i + kGroup - start > maxLine) {
      st = exactSteps({lines, overlong, start, false}, p, i, newlines, candidates, kSteps, needle,
                      maxLine);
      lines = st.lines;
      overlong = st.overlong;
      start = st.start;
      if (st.found) break;
      continue;
    }
    for (std::size_t k = 0; k < kSteps; ++k) {
      lines += static_cast<std::uint64_t>(std::popcount(newlines[k]));
      const std::size_t end = i + 64 * (k + 1);
      start =
          newlines[k] != 0 ? end - static_cast<std::size_t>(std::countl_zero(newlines[k])) : start;
    }
  }
  st = {lines, overlong, start, st.found};
  // The last steps (and short texts, as between two crawler lines) one at
  // a time: the portable scan is slower still.
  for (; !st.found && i + 63 + needle.size() <= n; i += 64) {
    const StepMasks m = stepMasks(p + i, first, second, a, b);
    st = exactSteps(st, p, i, &m.newlines, &m.candidates, 1, needle, maxLine);
  }
  LiteralScan s;
  s.count = {st.lines, st.overlong};
  s.lineBytes = st.start;
  s.found = st.found;
  if (st.found) return s;
  // The rest, from the current line's start: no occurrence starts before i.
  const LiteralScan tail = scanPortable(text.substr(st.start), finder, maxLine);
  s.count.lines += tail.count.lines;
  s.count.overlong += tail.count.overlong;
  s.lineBytes = st.start + tail.lineBytes;
  s.found = tail.found;
  return s;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
// __builtin_cpu_supports has no name for LZCNT in clang 14: CPUID says.
bool haveLzcnt() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_LZCNT) != 0;
}
const bool kHaveAvx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                         __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt") &&
                         haveLzcnt();
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
