#include <gtest/gtest.h>

#include <random>
#include <string>

#include "workers/input/LiteralFinder.hpp"

namespace logmill::workers {
namespace {

TEST(LiteralFinder, FindsTheFirstOccurrenceAtEveryAlignmentAndEdge) {
  const std::string needle = "/robots.txt";
  const LiteralFinder finder(needle);
  for (std::size_t size = 0; size < 200; ++size) {
    for (std::size_t at = 0; at + needle.size() <= size; at += 7) {
      std::string text(size, 'x');  // 'x' is one of the bytes compared first
      text.replace(at, needle.size(), needle);
      EXPECT_EQ(finder.find(text), at) << "size " << size << " at " << at;
      // A near miss (last byte differs) before it is not a match.
      if (at >= needle.size()) {
        std::string miss = needle;
        miss.back() = 'T';
        text.replace(0, miss.size(), miss);
        EXPECT_EQ(finder.find(text), at) << "near miss, size " << size << " at " << at;
      }
    }
    EXPECT_EQ(finder.find(std::string(size, 'x')), std::string_view::npos);
  }
}

TEST(LiteralFinder, AgreesWithStringFindOnRandomText) {
  std::mt19937 rng(5);
  // A small alphabet makes partial matches (same rare bytes, wrong rest) common.
  const std::string alphabet = "/robts.x \n";
  for (const std::string needle :
       {"/", "/r", "txt", "/robots.txt", "s.t", "/robots.txt HTTP/1.1\""}) {
    const LiteralFinder finder(needle);
    for (int round = 0; round < 400; ++round) {
      std::string text(rng() % 300, ' ');
      for (char& c : text) c = alphabet[rng() % alphabet.size()];
      if (round % 3 == 0 && text.size() >= needle.size()) {
        text.replace(rng() % (text.size() - needle.size() + 1), needle.size(), needle);
      }
      ASSERT_EQ(finder.find(text), std::string_view(text).find(needle))
          << "needle '" << needle << "' in '" << text << "'";
    }
  }
}

TEST(LiteralFinder, EmptyNeedleIsRefused) {
  EXPECT_THROW(LiteralFinder(""), std::invalid_argument);
}

}  // namespace
}  // namespace logmill::workers
