#include <gtest/gtest.h>

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

}  // namespace
}  // namespace logmill::workers
