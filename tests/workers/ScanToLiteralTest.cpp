#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
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

class ScanToLiteralIsa : public ::testing::TestWithParam<ScanIsa> {};

TEST_P(ScanToLiteralIsa, MatchesTheDefinitionOnRandomLogLikeText) {
  if (!scanIsaSupported(GetParam())) GTEST_SKIP() << "this CPU lacks the instruction set";
  std::mt19937 rng(21);
  const std::string needle = "/robots.txt";
  for (int round = 0; round < 3000; ++round) {
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
    const LiteralScan got = scanToLiteral(text, LiteralFinder(needle), maxLine, GetParam());
    ASSERT_EQ(got.found, want.found) << "round " << round;
    ASSERT_EQ(got.lineBytes, want.lineBytes) << "round " << round;
    ASSERT_EQ(got.count.lines, want.count.lines) << "round " << round;
    ASSERT_EQ(got.count.overlong, want.count.overlong) << "round " << round;
  }
}

TEST_P(ScanToLiteralIsa, HitInTheFirstLineOrAtTheVeryEnd) {
  if (!scanIsaSupported(GetParam())) GTEST_SKIP() << "this CPU lacks the instruction set";
  const ScanIsa isa = GetParam();
  const LiteralFinder finder("/robots.txt");
  const std::string pad(300, 'a');
  EXPECT_EQ(scanToLiteral("GET /robots.txt\n" + pad + "\n", finder, 1000, isa).lineBytes, 0u);
  const LiteralScan end = scanToLiteral(pad + "\n" + pad + "\n/robots.txt", finder, 1000, isa);
  EXPECT_TRUE(end.found);
  EXPECT_EQ(end.lineBytes, 2 * pad.size() + 2);
  EXPECT_EQ(end.count.lines, 2u);
  const LiteralScan none = scanToLiteral(pad + "\n" + pad, finder, 100, isa);
  EXPECT_FALSE(none.found);
  EXPECT_EQ(none.lineBytes, pad.size() + 1);
  EXPECT_EQ(none.count.overlong, 1u);
}

// Hits on both sides of every 64-byte step boundary, and a needle longer
// than a step (the AVX-512 scan hands that one to another version).
TEST_P(ScanToLiteralIsa, HitsAcrossStepBoundariesAndLongNeedles) {
  if (!scanIsaSupported(GetParam())) GTEST_SKIP() << "this CPU lacks the instruction set";
  const ScanIsa isa = GetParam();
  for (const std::string& needle : {std::string("/robots.txt"), std::string(70, 'q') + "x"}) {
    const LiteralFinder finder(needle);
    for (std::size_t at = 100; at < 400; ++at) {
      std::string text(600, 'a');
      for (std::size_t nl = 37; nl < text.size(); nl += 41) text[nl] = '\n';
      std::string lines = text.substr(0, at);
      const std::size_t lineStart = lines.rfind('\n') + 1;
      text.insert(at, needle);
      const LiteralScan got = scanToLiteral(text, finder, 1000, isa);
      ASSERT_TRUE(got.found) << at;
      ASSERT_EQ(got.lineBytes, lineStart) << at;
      ASSERT_EQ(got.count.lines, static_cast<std::uint64_t>(
                                     std::count(lines.begin(), lines.begin() + lineStart, '\n')))
          << at;
    }
  }
}

// Every version against the definition on text built to hit the scan's
// edges: newlines at and around 64-byte step and 256-byte group boundaries,
// needles (holding '\r', repeated bytes, the needle's own prefix) across those
// boundaries and at the text's very start and end, empty and CRLF lines,
// lines just under and over maxLine, texts a step short of a group, and
// occurrences in several lines. Deterministic and bounded (a few seconds).
struct EdgeCase {
  std::string text, needle;
  std::size_t maxLine;
};

EdgeCase edgeCase(std::mt19937& rng) {
  static const std::string kNeedles[] = {"/robots.txt", "a",    "\r",   "x\r", "ab",   "aab",
                                         "a\rb",        "aaaa", "\r\r", "z",   "ba\r", "GET /"};
  EdgeCase c;
  c.needle = kNeedles[rng() % std::size(kNeedles)];
  if (rng() % 8 == 0) {  // random bytes of the alphabet, 1 to 70 long
    c.needle.assign(1 + rng() % (rng() % 4 == 0 ? 70 : 12), 'a');
    for (char& ch : c.needle) ch = "ab\rx"[rng() % 4];
  }
  static const std::size_t kMaxLines[] = {64,  65,  66,  100, 127,  128, 129, 191,
                                          255, 256, 257, 300, 1000, 63,  1,   10};
  c.maxLine = kMaxLines[rng() % std::size(kMaxLines)];
  static const std::size_t kSizes[] = {0,   1,   63,  64,  65,  127, 128,  255,  256, 257,
                                       319, 320, 511, 512, 513, 767, 1024, 1500, 3000};
  std::size_t size = kSizes[rng() % std::size(kSizes)];
  if (rng() % 3 == 0) size = rng() % 2200;
  // Filler mostly from the needle's bytes, so partial matches abound.
  const std::string alphabet = c.needle + "abxyz" + (rng() % 2 ? "\r" : "");
  const unsigned newlineOdds = 1 + rng() % 200;  // 1: every byte; 200: long lines
  c.text.resize(size);
  for (char& ch : c.text) {
    ch = rng() % newlineOdds == 0 ? '\n' : alphabet[rng() % alphabet.size()];
  }
  // Newlines where the bookkeeping changes hands.
  for (const std::size_t at : {0, 1, 62, 63, 64, 65, 127, 128, 191, 192, 255, 256, 257, 511, 512}) {
    if (at < size && rng() % 4 == 0) c.text[at] = '\n';
  }
  // Needles at boundaries, at the ends, and a few anywhere (several a line).
  const int needles = static_cast<int>(rng() % 4);
  for (int k = 0; k < needles && size > 0; ++k) {
    std::size_t at = rng() % size;
    if (rng() % 2) {
      const std::size_t boundary = 64 * (rng() % (size / 64 + 1));
      at = boundary + rng() % (c.needle.size() + 1) - rng() % (c.needle.size() + 1);
    }
    if (rng() % 6 == 0) at = rng() % 2 ? 0 : size;
    at = std::min(at, size);
    c.text.replace(at, std::min(c.needle.size(), size - at), c.needle);
  }
  if (rng() % 5 == 0) c.text += '\n';
  return c;
}

TEST(ScanToLiteralEveryIsa, AgreesWithTheDefinitionOnEdgeCases) {
  std::mt19937 rng(2026);
  for (int round = 0; round < 40000; ++round) {
    const EdgeCase c = edgeCase(rng);
    const LiteralFinder finder(c.needle);
    const LiteralScan want = reference(c.text, c.needle, c.maxLine);
    for (const ScanIsa isa : {ScanIsa::kPortable, ScanIsa::kAvx2, ScanIsa::kAvx512}) {
      if (!scanIsaSupported(isa)) continue;
      const LiteralScan got = scanToLiteral(c.text, finder, c.maxLine, isa);
      const auto where = [&] {
        return ::testing::Message()
               << "round " << round << " isa " << static_cast<int>(isa) << " maxLine " << c.maxLine
               << " needle '" << c.needle << "' text size " << c.text.size();
      };
      ASSERT_EQ(got.found, want.found) << where();
      ASSERT_EQ(got.lineBytes, want.lineBytes) << where();
      ASSERT_EQ(got.count.lines, want.count.lines) << where();
      ASSERT_EQ(got.count.overlong, want.count.overlong) << where();
    }
  }
}

std::string isaName(const ::testing::TestParamInfo<ScanIsa>& info) {
  static constexpr const char* kNames[] = {"Best", "Portable", "Avx2", "Avx512"};
  return kNames[static_cast<int>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(EachIsa, ScanToLiteralIsa,
                         ::testing::Values(ScanIsa::kBest, ScanIsa::kPortable, ScanIsa::kAvx2,
                                           ScanIsa::kAvx512),
                         isaName);

}  // namespace
}  // namespace logmill::workers
