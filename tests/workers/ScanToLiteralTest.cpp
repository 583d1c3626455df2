#include <gtest/gtest.h>

#include <random>
#include <string>

#include "workers/input/scanToLiteral.hpp"

namespace logmill::workers {
namespace {

// The definition: find, then the lines before the hit's line, one by one.
LiteralScan reference(const std::string& text, const std::string& needle, std::size_t maxLine) {
  const std::size_t hit = text.find(needle);
  const std::size_t end = hit == std::string::npos ? text.size() : hit;
  const std::size_t lastNewline = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
  LiteralScan s;
  s.found = hit != std::string::npos;
  s.lineBytes = lastNewline == std::string::npos ? 0 : lastNewline + 1;
  std::size_t start = 0;
  while (start < s.lineBytes) {
    const std::size_t nl = text.find('\n', start);
    std::size_t stop = nl;
    if (stop > start && text[stop - 1] == '\r') --stop;
    ++s.count.lines;
    if (stop - start > maxLine) ++s.count.overlong;
    start = nl + 1;
  }
  return s;
}

TEST(ScanToLiteral, MatchesTheDefinitionOnRandomLogLikeText) {
  std::mt19937 rng(21);
  const std::string needle = "/robots.txt";
  for (int round = 0; round < 2000; ++round) {
    const std::size_t maxLine = round % 5 == 0 ? 20 : 64 + rng() % 300;
    std::string text;
    const int lines = static_cast<int>(rng() % 40);
    for (int i = 0; i < lines; ++i) {
      std::string line(rng() % (round % 3 == 0 ? 700 : 120), 'x');  // 'x' is a byte compared first
      for (char& c : line) c = "xb/robots.t \r"[rng() % 13];
      if (rng() % 25 == 0) line.insert(rng() % (line.size() + 1), needle);
      text += line;
      if (i + 1 < lines || rng() % 2) text += '\n';
    }
    const LiteralScan want = reference(text, needle, maxLine);
    const LiteralScan got = scanToLiteral(text, LiteralFinder(needle), maxLine);
    ASSERT_EQ(got.found, want.found) << "round " << round;
    ASSERT_EQ(got.lineBytes, want.lineBytes) << "round " << round;
    ASSERT_EQ(got.count.lines, want.count.lines) << "round " << round;
    ASSERT_EQ(got.count.overlong, want.count.overlong) << "round " << round;
  }
}

TEST(ScanToLiteral, HitInTheFirstLineOrAtTheVeryEnd) {
  const LiteralFinder finder("/robots.txt");
  const std::string pad(300, 'a');
  EXPECT_EQ(scanToLiteral("GET /robots.txt\n" + pad + "\n", finder, 1000).lineBytes, 0u);
  const LiteralScan end = scanToLiteral(pad + "\n" + pad + "\n/robots.txt", finder, 1000);
  EXPECT_TRUE(end.found);
  EXPECT_EQ(end.lineBytes, 2 * pad.size() + 2);
  EXPECT_EQ(end.count.lines, 2u);
  const LiteralScan none = scanToLiteral(pad + "\n" + pad, finder, 100);
  EXPECT_FALSE(none.found);
  EXPECT_EQ(none.lineBytes, pad.size() + 1);
  EXPECT_EQ(none.count.overlong, 1u);
}

}  // namespace
}  // namespace logmill::workers
