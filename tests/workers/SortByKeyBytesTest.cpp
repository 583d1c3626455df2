#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "workers/base/sortByKeyBytes.hpp"

namespace logmill::workers {
namespace {

/// Sorts a copy both ways and compares.
void expectSortedLikeStdSort(std::vector<std::string> keys) {
  std::vector<std::string> expected = keys;
  std::sort(expected.begin(), expected.end());
  const std::vector<std::string_view> views(keys.begin(), keys.end());
  std::vector<std::string> got;
  for (const std::uint32_t i : keyBytesOrder(views)) got.push_back(keys[i]);
  EXPECT_EQ(got, expected);
}

TEST(SortByKeyBytes, RequestKeysThatShareTheirFirstBytes) {
  std::mt19937_64 rng(11);
  std::vector<std::string> keys;
  for (int i = 0; i < 20'000; ++i) {
    std::string path = "/p/" + std::to_string(rng() % 100'000);
    if (rng() % 4 == 0) path += "/x" + std::to_string(rng() % 50);
    keys.push_back((rng() % 10 == 0 ? "POST" : "GET") + std::string("\nHTTP/1.1\n") + path);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::shuffle(keys.begin(), keys.end(), rng);
  expectSortedLikeStdSort(keys);
}

TEST(SortByKeyBytes, PrefixesNulBytesHighBytesAndWindowEdges) {
  std::vector<std::string> keys = {"", std::string(1, '\0'), std::string(2, '\0'), "a"};
  // Keys that end exactly at, just before and just after a 7-byte window,
  // prefixes of each other, and ones that differ only by a NUL or a byte
  // >= 0x80 (a signed-char compare would misorder them).
  const std::string base = "abcdefghijklmnopqrstu";
  for (std::size_t n = 0; n <= base.size(); ++n) {
    keys.push_back(base.substr(0, n));
    keys.push_back(base.substr(0, n) + '\0');
    keys.push_back(base.substr(0, n) + '\xff');
    keys.push_back(base.substr(0, n) + "\x80z");
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::mt19937_64 rng(12);
  // Enough copies (with distinct tails) that every run is radix-sorted,
  // not only compared.
  std::vector<std::string> many;
  for (const std::string& k : keys) {
    for (int i = 0; i < 70; ++i) many.push_back(k + std::string(1, static_cast<char>(i)));
  }
  many.insert(many.end(), keys.begin(), keys.end());
  std::sort(many.begin(), many.end());
  many.erase(std::unique(many.begin(), many.end()), many.end());
  std::shuffle(many.begin(), many.end(), rng);
  expectSortedLikeStdSort(many);
}

TEST(SortByKeyBytes, ALongSharedPrefixAndFewKeys) {
  std::mt19937_64 rng(13);
  std::vector<std::string> keys;
  const std::string prefix(1000, 'q');  // past the radix depth: compared whole
  for (int i = 0; i < 500; ++i) keys.push_back(prefix + std::to_string(rng()));
  expectSortedLikeStdSort(keys);
  expectSortedLikeStdSort({});
  expectSortedLikeStdSort({"b"});
  expectSortedLikeStdSort({"b", "a"});
}

TEST(SortByKeyBytes, WindowKeyOrdersAPrefixFirst) {
  EXPECT_LT(keyBytesWindow("ab", 0), keyBytesWindow(std::string_view("ab\0", 3), 0));
  EXPECT_LT(keyBytesWindow("ab", 0), keyBytesWindow("abc", 0));
  EXPECT_LT(keyBytesWindow("abz", 0), keyBytesWindow("ac", 0));
  EXPECT_EQ(keyBytesWindow("abcdefgX", 0), keyBytesWindow("abcdefgY", 0));
  EXPECT_EQ(keyBytesWindow("abcdefgX", 0) & 0xff, 7u);
  EXPECT_EQ(keyBytesWindow("abc", 7), 0u);
}

}  // namespace
}  // namespace logmill::workers
