#pragma once
// Internal to the parsers of space-separated formats (AWS, S3, HAProxy): walks
// a line one field at a time. A field is a run of non-space bytes, or a
// double-quoted string (a backslash escapes the quote, as AWS writes it).
// Every view points into the line; nothing is allocated.

#include <cstddef>
#include <string_view>

#include "workers/parse/fieldSyntax.hpp"
#include "workers/parse/findByte.hpp"

namespace logmill::workers {

class TokenCursor {
 public:
  explicit TokenCursor(std::string_view line)
      : m_begin(line.data()), m_p(line.data()), m_end(line.data() + line.size()) {}

  /// The next space-delimited token (one space consumed after it); false at
  /// the end of the line or on an empty token (two spaces in a row).
  [[nodiscard]] [[gnu::always_inline]] bool token(std::string_view& out) {
    // `-` (absent) is the most common AWS value: a one-byte field needs no search.
    if (m_end - m_p >= 2 && m_p[1] == ' ' && m_p[0] != ' ') {
      out = std::string_view(m_p, 1);
      m_p += 2;
      return true;
    }
    const char* space = find(m_p, ' ');
    out = std::string_view(m_p, static_cast<std::size_t>(space - m_p));
    const bool nonEmpty = space != m_p;
    m_p = space == m_end ? m_end : space + 1;
    return nonEmpty;
  }

  /// Skips `count` tokens as token() would, keeping none; false as token()
  /// would be for the first that is empty or missing.
  [[nodiscard]] bool skip(std::size_t count) {
    std::string_view ignored;
    for (std::size_t i = 0; i < count; ++i) {
      if (!token(ignored)) return false;
    }
    return true;
  }

  /// The next field as `"text"` (quotes dropped from `out`), followed by a
  /// space or the end of the line; false otherwise.
  [[nodiscard]] [[gnu::always_inline]] bool quoted(std::string_view& out) {
    if (m_p == m_end || *m_p != '"') return false;
    // `"-"` (absent) is the most common AWS value: it needs no search.
    if (m_end - m_p >= 3 && m_p[1] == '-' && m_p[2] == '"') {
      const char* dash = m_p + 1;
      if (m_end - m_p == 3) {
        m_p = m_end;
      } else if (m_p[3] == ' ') {
        m_p += 4;
      } else {
        return false;
      }
      out = std::string_view(dash, 1);
      return true;
    }
    const char* open = m_p + 1;
    const char* close = open;
    for (;;) {
      close = find(close, '"');
      if (close == m_end) return false;
      if (close[-1] != '\\' || !syntax::isEscaped(open, close)) break;
      ++close;
    }
    if (close + 1 != m_end && close[1] != ' ') return false;
    out = std::string_view(open, static_cast<std::size_t>(close - open));
    m_p = close + 1 == m_end ? m_end : close + 2;
    return true;
  }

  /// The next field up to `]` followed by a space or the end (`[...]`
  /// brackets dropped from `out`); false otherwise.
  [[nodiscard]] bool bracketed(std::string_view& out) {
    if (m_p == m_end || *m_p != '[') return false;
    const char* close = find(m_p, ']');
    if (close == m_end) return false;
    if (close + 1 != m_end && close[1] != ' ') return false;
    out = std::string_view(m_p + 1, static_cast<std::size_t>(close - m_p - 1));
    m_p = close + 1 == m_end ? m_end : close + 2;
    return true;
  }

  /// Either a quoted or a plain token, whichever comes next.
  [[nodiscard]] [[gnu::always_inline]] bool any(std::string_view& out) {
    return m_p != m_end && *m_p == '"' ? quoted(out) : token(out);
  }

  [[nodiscard]] bool atEnd() const { return m_p == m_end; }
  [[nodiscard]] std::string_view rest() const {
    return {m_p, static_cast<std::size_t>(m_end - m_p)};
  }

 private:
  [[nodiscard]] [[gnu::always_inline]] const char* find(const char* p, char c) const {
    return findByte(p, m_begin, m_end, c);
  }

  const char* m_begin;  ///< the line
  const char* m_p;      ///< where the next field starts
  const char* m_end;
};

}  // namespace logmill::workers
