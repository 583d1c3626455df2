#pragma once
// Internal to the parsers of space-separated formats (AWS, S3, HAProxy): walks
// a line one field at a time. A field is a run of non-space bytes, or a
// double-quoted string (a backslash escapes the quote, as AWS writes it).
// Every view points into the line; nothing is allocated.

#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "workers/parse/fieldSyntax.hpp"

namespace logmill::workers {

class TokenCursor {
 public:
  explicit TokenCursor(std::string_view line) : m_rest(line) {}

  /// The next space-delimited token (one space consumed after it); false at
  /// the end of the line or on an empty token (two spaces in a row).
  [[nodiscard]] bool token(std::string_view& out) {
    const std::size_t size = m_rest.size();
    const std::size_t space = findSpace();
    out = m_rest.substr(0, space);
    m_rest.remove_prefix(space < size ? space + 1 : size);
    return space != 0;
  }

  /// The next field as `"text"` (quotes dropped from `out`), followed by a
  /// space or the end of the line; false otherwise.
  [[nodiscard]] bool quoted(std::string_view& out) {
    if (m_rest.empty() || m_rest[0] != '"') return false;
    std::size_t close = 1;
    for (;;) {
      close = m_rest.find('"', close);
      if (close == std::string_view::npos) return false;
      if (!syntax::isEscaped(m_rest.data(), m_rest.data() + close)) break;
      ++close;
    }
    if (close + 1 < m_rest.size() && m_rest[close + 1] != ' ') return false;
    out = m_rest.substr(1, close - 1);
    m_rest.remove_prefix(close + 1 < m_rest.size() ? close + 2 : m_rest.size());
    return true;
  }

  /// The next field up to `]` followed by a space or the end (`[...]`
  /// brackets dropped from `out`); false otherwise.
  [[nodiscard]] bool bracketed(std::string_view& out) {
    if (m_rest.empty() || m_rest[0] != '[') return false;
    const std::size_t close = m_rest.find(']');
    if (close == std::string_view::npos) return false;
    if (close + 1 < m_rest.size() && m_rest[close + 1] != ' ') return false;
    out = m_rest.substr(1, close - 1);
    m_rest.remove_prefix(close + 1 < m_rest.size() ? close + 2 : m_rest.size());
    return true;
  }

  /// Either a quoted or a plain token, whichever comes next.
  [[nodiscard]] bool any(std::string_view& out) {
    return !m_rest.empty() && m_rest[0] == '"' ? quoted(out) : token(out);
  }

  [[nodiscard]] bool atEnd() const { return m_rest.empty(); }
  [[nodiscard]] std::string_view rest() const { return m_rest; }

 private:
  /// The offset of the next space, or the size if none. Tokens are a few
  /// bytes: one 16-byte compare (SSE2), or a plain loop near the end, beats
  /// a memchr call per token.
  [[nodiscard]] std::size_t findSpace() const {
    const char* const p = m_rest.data();
    const std::size_t size = m_rest.size();
    std::size_t at = 0;
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' ');
    for (; at + 16 <= size; at += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      const auto found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, space)));
      if (found != 0) return at + static_cast<std::size_t>(__builtin_ctz(found));
    }
#endif
    while (at < size && p[at] != ' ') ++at;
    return at;
  }

  std::string_view m_rest;
};

}  // namespace logmill::workers
