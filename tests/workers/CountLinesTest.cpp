#include <gtest/gtest.h>

#include <random>
#include <string>

#include "workers/input/countLines.hpp"

namespace logmill::workers {
namespace {

// The definition, one line at a time.
LineCount reference(const std::string& text, std::size_t maxLine) {
  LineCount c;
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    std::size_t end = nl;
    if (end > start && text[end - 1] == '\r') --end;
    ++c.lines;
    if (end - start > maxLine) ++c.overlong;
    start = nl + 1;
  }
  return c;
}

TEST(CountLines, MatchesTheDefinitionOnRandomLineLengths) {
  std::mt19937 rng(3);
  for (int round = 0; round < 300; ++round) {
    const std::size_t maxLine = round % 4 == 0 ? 10 : 64 + rng() % 200;
    std::string text;
    const int lines = static_cast<int>(rng() % 60);
    for (int i = 0; i < lines; ++i) {
      // Lengths straddle the limit, including exactly at it with a "\r".
      const std::size_t len = rng() % 3 == 0 ? maxLine - 1 + rng() % 3 : rng() % (2 * maxLine + 70);
      text += std::string(len, 'a');
      text += rng() % 2 ? "\n" : "\r\n";
    }
    const LineCount want = reference(text, maxLine);
    const LineCount got = countLines(text, maxLine);
    ASSERT_EQ(got.lines, want.lines) << "round " << round;
    ASSERT_EQ(got.overlong, want.overlong) << "round " << round;
  }
}

TEST(CountLines, EmptyLinesAndEmptyText) {
  EXPECT_EQ(countLines("", 100).lines, 0u);
  EXPECT_EQ(countLines(std::string(1000, '\n'), 100).lines, 1000u);
  EXPECT_EQ(countLines(std::string(1000, '\n'), 100).overlong, 0u);
  const std::string big = std::string(5000, 'x') + "\n" + std::string(100, 'y') + "\n";
  EXPECT_EQ(countLines(big, 4999).overlong, 1u);
  EXPECT_EQ(countLines(big, 5000).overlong, 0u);
}

}  // namespace
}  // namespace logmill::workers
