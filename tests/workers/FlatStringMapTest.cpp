#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "workers/base/FlatStringMap.hpp"

namespace logmill::workers {
namespace {

std::string randomKey(std::mt19937_64& rng) {
  // Lengths around every branch of the hash (0, 1-3, 4-7, 8-16, 17+).
  const std::size_t n = rng() % 40;
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>('a' + rng() % 4);
  return s;
}

TEST(FlatStringMap, AgreesWithStdMapOnRandomKeys) {
  std::mt19937_64 rng(7);
  FlatStringMap<int> flat;
  std::map<std::string, int> model;
  for (int i = 0; i < 20000; ++i) {
    const std::string key = randomKey(rng);
    ++flat[key];
    ++model[key];
  }
  ASSERT_EQ(flat.size(), model.size());
  ASSERT_GT(model.size(), 1000u);  // the index table grew many times
  std::map<std::string, int> seen;
  for (const auto& [key, value] : flat) seen.emplace(key, value);
  EXPECT_EQ(seen, model);
  for (const auto& [key, value] : model) {
    const auto it = flat.find(key);
    ASSERT_NE(it, flat.end()) << key;
    EXPECT_EQ(it->second, value);
    EXPECT_EQ(flat.at(key), value);
  }
  EXPECT_EQ(flat.find("not a key: has a z"), flat.end());
  EXPECT_THROW((void)flat.at("zzz"), std::out_of_range);
}

TEST(FlatStringMap, IndicesAreStableAndInInsertionOrder) {
  FlatStringMap<std::string> m;
  const std::size_t a = m.indexOf("alpha");
  for (int i = 0; i < 1000; ++i) (void)m.indexOf("k" + std::to_string(i));
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(m.indexOf("alpha"), a);  // no new entry
  EXPECT_EQ(m.indexOf("k999"), 1000u);
  EXPECT_EQ(m.size(), 1001u);
  m.valueAt(a) = "first";
  EXPECT_EQ(m.at("alpha"), "first");
  EXPECT_EQ(m.begin()->first, "alpha");
}

TEST(FlatStringMap, EmplaceKeepsTheFirstValue) {
  FlatStringMap<int> m;
  EXPECT_TRUE(m.emplace("x", 1).second);
  const auto [it, inserted] = m.emplace("x", 2);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(it->second, 1);
  EXPECT_TRUE(m.emplace("", 3).second);  // the empty key is a key
  EXPECT_EQ(m.at(""), 3);
}

TEST(FlatStringMap, EqualityIgnoresOrder) {
  FlatStringMap<int> a, b;
  a.reserve(100);
  a.emplace("one", 1);
  a.emplace("two", 2);
  b.emplace("two", 2);
  b.emplace("one", 1);
  EXPECT_EQ(a, b);
  b["two"] = 3;
  EXPECT_NE(a, b);
  b["two"] = 2;
  b.emplace("three", 3);
  EXPECT_NE(a, b);
}

TEST(FlatStringMap, HashDependsOnEveryByte) {
  std::string s(33, 'a');
  const std::uint64_t base = flatStringHash(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string t = s;
    t[i] = 'b';
    EXPECT_NE(flatStringHash(t), base) << i;
  }
  EXPECT_NE(flatStringHash("ab"), flatStringHash(std::string_view("ab\0", 3)));
}

TEST(FlatStringMap, KeyOrderAndSortByKeyAgreeWithStdMap) {
  std::mt19937_64 rng(11);
  FlatStringMap<int> flat;
  std::map<std::string, int> model;  // std::string orders bytewise, as unsigned bytes
  for (int i = 0; i < 5000; ++i) {
    std::string key = randomKey(rng);
    if (i % 7 == 0) key += static_cast<char>(0x80 + i % 100);  // high bytes sort last
    flat[key] += i;
    model[key] += i;
  }
  EXPECT_FALSE(flat.sortedByKey());
  std::vector<std::string> expected;
  for (const auto& [key, value] : model) expected.push_back(key);
  std::vector<std::string> viaOrder;
  for (std::uint32_t i : flat.keyOrder()) viaOrder.push_back((flat.begin() + i)->first);
  EXPECT_EQ(viaOrder, expected);
  flat.sortByKey();
  EXPECT_TRUE(flat.sortedByKey());
  using Entries = std::vector<std::pair<std::string, int>>;
  const Entries entries(flat.begin(), flat.end());
  const Entries inOrder(model.begin(), model.end());
  EXPECT_EQ(entries, inOrder);
  for (const auto& [key, value] : model) EXPECT_EQ(flat.at(key), value) << key;  // re-indexed
  ++flat["a brand new key"];  // an insertion by hash ends the known order
  EXPECT_FALSE(flat.sortedByKey());
}

TEST(FlatStringMap, AppendGreatestKeepsOrderAndIndexesOnFirstLookup) {
  FlatStringMap<int> m;
  EXPECT_TRUE(m.appendGreatest("a", 1));
  EXPECT_TRUE(m.appendGreatest("ab", 2));
  EXPECT_TRUE(m.appendGreatest(std::string("b\0", 2), 3));
  EXPECT_FALSE(m.appendGreatest("ab", 9));  // not greater: refused, nothing changes
  EXPECT_FALSE(m.appendGreatest("b", 9));   // "b" < "b\0"
  EXPECT_EQ(m.size(), 3u);
  EXPECT_TRUE(m.sortedByKey());
  EXPECT_EQ(m.at("ab"), 2);  // the first lookup builds the index
  EXPECT_EQ(m.find("zz"), m.end());
  EXPECT_TRUE(m.appendGreatest("c", 4));  // appended after indexing: found too
  EXPECT_EQ(m.at("c"), 4);
  ++m["d"];
  EXPECT_FALSE(m.appendGreatest("e", 5));  // the order is no longer known
  EXPECT_EQ(m.size(), 5u);
}

TEST(FlatStringMap, EqualityHoldsForAMapBuiltInOrderWithoutAnIndex) {
  FlatStringMap<int> hashed, appended;
  for (int i = 999; i >= 0; --i) hashed["k" + std::to_string(1000 + i)] = i;
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE(appended.appendGreatest("k" + std::to_string(1000 + i), i));
  EXPECT_EQ(hashed, appended);
  EXPECT_EQ(appended, hashed);
  appended.valueAt(500) = -1;
  EXPECT_NE(hashed, appended);
}

}  // namespace
}  // namespace logmill::workers
