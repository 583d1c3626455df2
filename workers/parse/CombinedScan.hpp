#pragma once
// Internal to LogFormat: the specialised parse of the common/combined family
// (common, combined/nginx, vhost_combined, combined_extra). It gives exactly
// the results of those formats' compiled steps (tests compare the two on
// every fixture line and on mutated ones) with no per-step dispatch: fields
// are searched 16 bytes per SSE2 compare, the time checked with two.
// (Measured: one pass building 64-byte space/quote masks per line cost more
// instructions than these short searches.)

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/parse/fieldSyntax.hpp"
#include "workers/parse/findByte.hpp"

namespace logmill::workers {

enum class Family : std::uint8_t { Common, Combined, VhostCombined, CombinedExtra };

/// `[dd/Mon/yyyy:HH:MM:SS +zzzz] ` at p, which has at least 29 bytes: the
/// bracketed %t and the space after it, as the steps check them.
[[nodiscard]] inline bool hasClfTimeFrame(const char* p) {
#if defined(__SSE2__)
  // Byte classes of p[0..16) and p[13..29): digits, letters, and literal
  // bytes (given in the pattern; 0 where a class applies instead).
  auto digits = [](__m128i x) {
    const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
  };
  auto letters = [](__m128i x) {
    const __m128i a = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(25)), a));
  };
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 13));
  const __m128i litA = _mm_setr_epi8('[', 0, 0, '/', 0, 0, 0, '/', 0, 0, 0, 0, ':', 0, 0, ':');
  const __m128i litB = _mm_setr_epi8(0, 0, ':', 0, 0, ':', 0, 0, ' ', 0, 0, 0, 0, 0, ']', ' ');
  constexpr int kDigitsA = 0x6f06, kLettersA = 0x0070, kLiteralsA = 0x9089;
  constexpr int kDigitsB = 0x3cdb, kLiteralsB = 0xc124;  // bit 9 is the sign
  const int okA = (digits(a) & kDigitsA) | (letters(a) & kLettersA) |
                  (_mm_movemask_epi8(_mm_cmpeq_epi8(a, litA)) & kLiteralsA);
  const int okB =
      (digits(b) & kDigitsB) | (_mm_movemask_epi8(_mm_cmpeq_epi8(b, litB)) & kLiteralsB);
  return okA == 0xffff && okB == 0xfdff && (p[22] == '+' || p[22] == '-');
#else
  return p[0] == '[' && p[syntax::kClfTimeSize + 1] == ']' && p[syntax::kClfTimeSize + 2] == ' ' &&
         syntax::hasClfTimeShape(p + 1);
#endif
}

class CombinedScan {
 public:
  CombinedScan(const char* begin, const char* end) : m_begin(begin), m_end(end), m_p(begin) {}

  /// Parses the line as format family kFamily into `out`; the request is
  /// split into method, path and protocol only if `splitRequestLine`.
  template <Family kFamily>
  [[nodiscard]] bool parse(LogRecord& out, bool splitRequestLine) {
    std::string_view value;
    if constexpr (kFamily == Family::VhostCombined) {
      if (!token(value)) return false;
      out.vhost = syntax::stripPort(value);
    }
    if (!token(out.host) || !token(out.ident) || !token(out.user) || !time(out.timeText) ||
        !quoted(out.request, true)) {
      return false;
    }
    if (splitRequestLine) splitRequest(out.request, out);
    if (!status(out.status)) return false;
    if constexpr (kFamily == Family::Common) {  // %b runs to the end of the line
      return syntax::parseAmount(rest(), 1, out.bytes);
    } else {
      if (!bytes(out.bytes) || !quoted(out.referrer, true)) {
        return false;
      }
      if constexpr (kFamily == Family::CombinedExtra) {  // then %X: any non-empty rest
        return quoted(out.agent, true) && m_p != m_end;
      } else {
        return quoted(out.agent, false) && m_p == m_end;
      }
    }
  }

 private:
  [[nodiscard]] std::string_view rest() const {
    return {m_p, static_cast<std::size_t>(m_end - m_p)};
  }

  /// The first `c` at or after p, or the line's end; 32 bytes a round, as
  /// the agent and referrer run to a hundred bytes.
  [[nodiscard]] [[gnu::always_inline]] const char* find(const char* p, char c) const {
    return findByte<32>(p, m_begin, m_end, c);
  }

  /// A non-empty field ended by a space; moves past the space.
  [[nodiscard]] [[gnu::always_inline]] bool token(std::string_view& value) {
    // Ident and user are nearly always `-`: a one-byte field needs no search.
    if (m_end - m_p >= 2 && m_p[1] == ' ' && m_p[0] != ' ') {
      value = std::string_view(m_p, 1);
      m_p += 2;
      return true;
    }
    const char* space = find(m_p, ' ');
    if (space == m_end || space == m_p) return false;
    value = std::string_view(m_p, static_cast<std::size_t>(space - m_p));
    m_p = space + 1;
    return true;
  }

  /// A three-digit token; moves past the space after it.
  [[nodiscard]] [[gnu::always_inline]] bool status(int& value) {
    std::string_view text;
    if (m_end - m_p >= 4 && m_p[3] == ' ') {  // digits are not spaces: no search
      text = std::string_view(m_p, 3);
      m_p += 4;
    } else if (!token(text)) {
      return false;
    }
    return syntax::parseStatus(text, value);
  }

  /// `-` or 1..18 digits, then a space; moves past the space.
  [[nodiscard]] [[gnu::always_inline]] bool bytes(std::int64_t& value) {
    // Digits then a space is read in one pass; anything else (`-`, a bad
    // field) goes the general way, which decides it alike.
    // At most 18 digits are accumulated (19 nines overflow int64); a 19th
    // digit is then not the space, so such a field goes the general way.
    std::int64_t result = 0;
    const char* p = m_p;
    const char* stop = m_end - m_p > 18 ? m_p + 18 : m_end;
    for (; p != stop && syntax::isDigit(*p); ++p) result = result * 10 + (*p - '0');
    if (p != m_p && p != m_end && *p == ' ') {
      value = result;
      m_p = p + 1;
      return true;
    }
    std::string_view text;
    return token(text) && syntax::parseAmount(text, 1, value);
  }

  /// `[dd/Mon/yyyy:HH:MM:SS +zzzz] `; moves past the space.
  [[nodiscard]] bool time(std::string_view& value) {
    constexpr auto kFrame = static_cast<std::ptrdiff_t>(syntax::kClfTimeSize + 3);
    if (m_end - m_p < kFrame || !hasClfTimeFrame(m_p)) return false;
    value = std::string_view(m_p + 1, syntax::kClfTimeSize);
    m_p += kFrame;
    return true;
  }

  /// `"..."` closed by the first unescaped quote that is followed by a space
  /// (`spaceAfter`; moves past the space) or by anything (the last field).
  [[nodiscard]] [[gnu::always_inline]] bool quoted(std::string_view& value, bool spaceAfter) {
    if (m_p == m_end || *m_p != '"') return false;
    const char* open = m_p + 1;
    const char* scan = open;
    for (;;) {
      const char* quote = find(scan, '"');
      if (quote == m_end) return false;
      scan = quote + 1;
      if (quote[-1] == '\\' && syntax::isEscaped(open, quote)) continue;
      if (!spaceAfter) break;
      if (scan != m_end && *scan == ' ') {
        ++scan;
        break;
      }
    }
    value = std::string_view(open, static_cast<std::size_t>(scan - open - (spaceAfter ? 2 : 1)));
    m_p = scan;
    return true;
  }

  const char* m_begin;  ///< the line
  const char* m_end;
  const char* m_p;  ///< where the next field starts
};

}  // namespace logmill::workers
