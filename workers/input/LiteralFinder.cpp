#include "workers/input/LiteralFinder.hpp"

#include <cstring>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace logmill::workers {
namespace {

// Bytes of access logs from the most to the least frequent (digits, spaces
// and path punctuation dominate); a byte not listed is rarer than all.
constexpr std::string_view kCommonFirst =
    " 0123456789.-/:\"etaoinsrhlcdmupgfwybvkxjqzETAOINSRHLCDMUPGFWYBVKXJQZ[]()+;,=_?&%";

std::size_t rarity(char c) {
  const std::size_t rank = kCommonFirst.find(c);
  return rank == std::string_view::npos ? kCommonFirst.size() : rank;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) std::size_t findAvx2(std::string_view text, std::string_view needle,
                                                     std::size_t first, std::size_t second) {
  const char* p = text.data();
  const std::size_t last = text.size() - needle.size();  // the last possible start
  const __m256i a = _mm256_set1_epi8(needle[first]);
  const __m256i b = _mm256_set1_epi8(needle[second]);
  std::size_t i = 0;
  // Each load ends before text.size(): i + 31 <= last, and both offsets are
  // below needle.size().
  for (; i + 32 <= last + 1; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + first));
    const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + second));
    auto mask = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(x, a), _mm256_cmpeq_epi8(y, b))));
    while (mask != 0) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(mask));
      if (std::memcmp(p + at, needle.data(), needle.size()) == 0) return at;
      mask &= mask - 1;
    }
  }
  for (; i <= last; ++i) {
    if (p[i + first] == needle[first] && std::memcmp(p + i, needle.data(), needle.size()) == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2");
#endif

}  // namespace

LiteralFinder::LiteralFinder(std::string_view needle) : m_needle(needle) {
  if (needle.empty()) throw std::invalid_argument("LiteralFinder: empty needle");
  // The rarest byte, then the rarest at another offset (the farther the
  // better on a tie: neighbours are correlated).
  for (std::size_t i = 1; i < needle.size(); ++i) {
    if (rarity(needle[i]) > rarity(needle[m_first])) m_first = i;
  }
  m_second = m_first;
  for (std::size_t i = 0; i < needle.size(); ++i) {
    if (i == m_first) continue;
    if (m_second == m_first || rarity(needle[i]) >= rarity(needle[m_second])) m_second = i;
  }
}

std::size_t LiteralFinder::find(std::string_view text) const noexcept {
  if (text.size() < m_needle.size()) return std::string_view::npos;
#if defined(__x86_64__)
  if (kHaveAvx2) return findAvx2(text, m_needle, m_first, m_second);
#endif
  const void* hit = ::memmem(text.data(), text.size(), m_needle.data(), m_needle.size());
  return hit == nullptr ? std::string_view::npos
                        : static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
}

}  // namespace logmill::workers
