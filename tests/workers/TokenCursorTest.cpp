#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "workers/parse/TokenCursor.hpp"

namespace logmill::workers {
namespace {

TEST(TokenCursor, FindsTokensOfEveryLengthAtEveryOffset) {
  // Token ends land at every offset of the 16-byte blocks it compares.
  for (std::size_t lead = 0; lead < 20; ++lead) {
    for (std::size_t size = 1; size < 40; ++size) {
      const std::string first(lead + 1, 'a'), second(size, 'b');
      const std::string line = first + " " + second + " \"q x\" " + second;
      TokenCursor cursor(line);
      std::string_view a, b, q, c;
      ASSERT_TRUE(cursor.token(a));
      ASSERT_TRUE(cursor.token(b));
      ASSERT_TRUE(cursor.quoted(q));
      ASSERT_TRUE(cursor.token(c));
      EXPECT_EQ(a, first);
      EXPECT_EQ(b, second);
      EXPECT_EQ(q, "q x");
      EXPECT_EQ(c, second);
      EXPECT_TRUE(cursor.atEnd());
      EXPECT_FALSE(cursor.token(c));
    }
  }
}

TEST(TokenCursor, RejectsEmptyTokensAndUnclosedQuotes) {
  std::string_view out;
  TokenCursor doubled("a  b");
  ASSERT_TRUE(doubled.token(out));
  EXPECT_FALSE(doubled.token(out));
  TokenCursor unclosed("\"abc def");
  EXPECT_FALSE(unclosed.quoted(out));
  TokenCursor escaped(R"("a \" b" c)");
  ASSERT_TRUE(escaped.quoted(out));
  EXPECT_EQ(out, R"(a \" b)");
  TokenCursor glued(R"("a"b)");
  EXPECT_FALSE(glued.quoted(out));
  TokenCursor bracket("[x y] z");
  ASSERT_TRUE(bracket.bracketed(out));
  EXPECT_EQ(out, "x y");
}

/// TokenCursor's contract written the plain way, a byte at a time.
class ReferenceCursor {
 public:
  explicit ReferenceCursor(std::string_view line) : m_rest(line) {}
  bool token(std::string_view& out) {
    const std::size_t space = std::min(m_rest.find(' '), m_rest.size());
    out = m_rest.substr(0, space);
    m_rest.remove_prefix(space < m_rest.size() ? space + 1 : m_rest.size());
    return space != 0;
  }
  bool quoted(std::string_view& out) {
    if (m_rest.empty() || m_rest[0] != '"') return false;
    for (std::size_t close = 1; close < m_rest.size(); ++close) {
      if (m_rest[close] != '"') continue;
      std::size_t backslashes = 0;
      while (m_rest[close - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 1) continue;
      if (close + 1 < m_rest.size() && m_rest[close + 1] != ' ') return false;
      out = m_rest.substr(1, close - 1);
      m_rest.remove_prefix(std::min(close + 2, m_rest.size()));
      return true;
    }
    return false;
  }
  bool any(std::string_view& out) {
    return !m_rest.empty() && m_rest[0] == '"' ? quoted(out) : token(out);
  }
  bool atEnd() const { return m_rest.empty(); }

 private:
  std::string_view m_rest;
};

TEST(TokenCursor, AgreesWithAByteByByteReadingOnHostileLines) {
  // An ALB line walked as AlbFormat walks it (t: token, q: quoted, a: any),
  // with every byte in turn replaced by a space, a quote, a backslash or a
  // tab, or cut off there (unterminated quotes, too few fields, glued
  // fields...), and with a very long agent: both cursors must return the
  // same results and views at every step.
  const std::string line =
      "https 2026-11-30T08:00:02.086460Z app/web-lb/50dc6c495c0c9188 192.0.2.11:46532 "
      "10.0.0.1:443 0.001 0.048 0.000 200 201 244 40960 \"GET https://www.example.org:443/a "
      "HTTP/1.1\" \"Mozilla/5.0 (X11) \\\"quoted\\\" Firefox/120.0\" ECDHE TLSv1.2 arn:tg "
      "\"Root=1-5833\" \"shop.example.org\" \"-\" 1 2026-11-30T08:00:02Z \"forward\" - \"x\"";
  const std::string_view steps = "tttttttttttttqqtttqaaaaaaaaaaaa";
  const auto walk = [&](std::string_view text) {
    TokenCursor cursor(text);
    ReferenceCursor reference(text);
    for (const char step : steps) {
      std::string_view a, b;
      const bool gotA = step == 't'   ? cursor.token(a)
                        : step == 'q' ? cursor.quoted(a)
                                      : cursor.any(a);
      const bool gotB = step == 't'   ? reference.token(b)
                        : step == 'q' ? reference.quoted(b)
                                      : reference.any(b);
      ASSERT_EQ(gotA, gotB) << text;
      if (!gotA) return;
      ASSERT_EQ(a.data(), b.data()) << text;
      ASSERT_EQ(a.size(), b.size()) << text;
      ASSERT_EQ(cursor.atEnd(), reference.atEnd()) << text;
    }
  };
  walk(line);
  for (std::size_t i = 0; i < line.size(); ++i) {
    for (const char c : {' ', '"', '\\', '\t'}) {
      std::string mutated = line;
      mutated[i] = c;
      walk(mutated);
    }
    walk(std::string_view(line).substr(0, i));
  }
  // `"-"` has its own path (no search): at the end, glued, cut, doubled.
  const std::string dashes = line + " \"-\" \"-\" \"-\"";
  for (std::size_t i = line.size(); i < dashes.size(); ++i) {
    for (const char c : {' ', '"', '\\', '-', 'x'}) {
      std::string mutated = dashes;
      mutated[i] = c;
      walk(mutated);
    }
    walk(std::string_view(dashes).substr(0, i));
  }
  walk(dashes);
  std::string huge = line;
  huge.insert(huge.find("Firefox"), std::string(1 << 20, 'z'));
  walk(huge);
  walk(huge + " extra \"trailing\" fields");
}

}  // namespace
}  // namespace logmill::workers
