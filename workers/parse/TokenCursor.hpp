#pragma once
// Internal to the parsers of space-separated formats (AWS, S3, HAProxy): walks
// a line one field at a time. A field is a run of non-space bytes, or a
// double-quoted string (a backslash escapes the quote, as AWS writes it).
// Every view points into the line; nothing is allocated.

#include <string_view>

#include "workers/parse/fieldSyntax.hpp"

namespace logmill::workers {

class TokenCursor {
 public:
  explicit TokenCursor(std::string_view line) : m_rest(line) {}

  /// The next space-delimited token (one space consumed after it); false at
  /// the end of the line or on an empty token (two spaces in a row).
  [[nodiscard]] bool token(std::string_view& out) {
    // Tokens are a few bytes: a plain loop beats a memchr call per token.
    const std::size_t size = m_rest.size();
    std::size_t space = 0;
    while (space < size && m_rest[space] != ' ') ++space;
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
  std::string_view m_rest;
};

}  // namespace logmill::workers
