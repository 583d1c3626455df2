#pragma once
// The byte search the field scanners share. Fields are a few bytes to a
// hundred: 16-byte compares (SSE2) inlined into the scanner beat a memchr
// call per field, and a line of 16 bytes or more ends with one overlapping
// load instead of a byte loop.

#include <bit>
#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logmill::workers {

/// The first `c` in [p, end), or `end`. `begin` is the start of the line
/// that holds [p, end) (the last load may reach back into it). `kRound` is
/// 16 or 32: bytes compared per round (32 for lines of long fields).
template <std::size_t kRound = 16>
[[nodiscard]] [[gnu::always_inline]] inline const char* findByte(const char* p, const char* begin,
                                                                 const char* end, char c) {
  static_assert(kRound == 16 || kRound == 32);
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  auto matches = [needle](const char* at) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, needle)));
  };
  if constexpr (kRound == 32) {
    for (; end - p >= 32; p += 32) {
      const unsigned m = matches(p) | (matches(p + 16) << 16);
      if (m != 0) return p + std::countr_zero(m);
    }
    if (end - p >= 16) {
      if (const unsigned m = matches(p); m != 0) return p + std::countr_zero(m);
      p += 16;
    }
  } else {
    for (; end - p >= 16; p += 16) {
      if (const unsigned m = matches(p); m != 0) return p + std::countr_zero(m);
    }
  }
  if (p != end && end - begin >= 16) {
    const char* tail = end - 16;
    const unsigned m = matches(tail) >> (p - tail);
    return m != 0 ? p + std::countr_zero(m) : end;
  }
#else
  (void)begin;
#endif
  while (p != end && *p != c) ++p;
  return p;
}

}  // namespace logmill::workers
