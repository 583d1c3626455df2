#include <gtest/gtest.h>

#include <map>
#include <memory>
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

TEST(FlatStringMap, LikelyEntryIsTheHomeSlotsEntryOrNull) {
  FlatStringMap<int> m;
  EXPECT_EQ(m.likelyEntry(flatStringHash("a")), nullptr);  // no index yet
  std::mt19937_64 rng(7);
  std::vector<std::string> keys;
  for (int i = 0; i < 2000; ++i) keys.push_back("/k/" + std::to_string(rng()));
  for (std::size_t i = 0; i < keys.size(); ++i) m[keys[i]] = static_cast<int>(i);
  std::size_t hits = 0;
  for (const std::string& key : keys) {
    const auto* entry = m.likelyEntry(flatStringHash(key));
    // A hint: the entry named by the key's home slot when its tag matches,
    // which is the key's own unless an earlier key took that slot.
    if (entry != nullptr && entry->first == key) ++hits;
  }
  EXPECT_GT(hits, keys.size() / 2);
  EXPECT_LT(hits, keys.size() + 1);
  // Absent keys: their home slot's tag (32 hash bits) matches almost never.
  std::size_t false_hits = 0;
  for (int i = 0; i < 2000; ++i) {
    if (m.likelyEntry(flatStringHash("/absent/" + std::to_string(i))) != nullptr) ++false_hits;
  }
  EXPECT_LT(false_hits, 2u);
  // A map appended to without an index has none to consult: null, not a stale slot.
  FlatStringMap<int> sorted;
  ASSERT_TRUE(sorted.appendGreatest("a", 1));
  EXPECT_EQ(sorted.likelyEntry(flatStringHash("a")), nullptr);
  EXPECT_EQ(sorted.at("a"), 1);  // indexes
  ASSERT_NE(sorted.likelyEntry(flatStringHash("a")), nullptr);
  EXPECT_EQ(sorted.likelyEntry(flatStringHash("a"))->first, "a");
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

// What a change of key layout (issue 16: keys beside the index slot) must
// keep: long keys, keys alike but for one byte, copies and moves of an
// indexed map, and growth followed by sortByKey.

TEST(FlatStringMap, FindsLongKeysAndKeysThatDifferInOneByte) {
  FlatStringMap<int> m;
  const std::string base(70'000, 'p');  // longer than any 16-bit length
  std::vector<std::string> keys;
  for (std::size_t at : {0ul, 15ul, 16ul, 17ul, 40ul, 69'999ul}) {
    std::string k = base;
    k[at] = 'q';
    keys.push_back(k);
    if (at + 1 < k.size()) keys.push_back(k.substr(0, at + 1));  // lengths 1 to 40
  }
  keys.push_back(base);
  keys.push_back(base + 'p');
  for (std::size_t i = 0; i < keys.size(); ++i) m[keys[i]] = static_cast<int>(i) + 1;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(m.at(keys[i]), static_cast<int>(i) + 1) << "key " << i;
  }
  // Same lengths and long prefixes as present keys, one byte changed.
  EXPECT_EQ(m.find(std::string(70'001, 'p') + 'x'), m.end());
  EXPECT_EQ(m.find(base.substr(0, 69'999) + 'r'), m.end());
  EXPECT_EQ(m.find(base.substr(0, 40) + 'r'), m.end());
}

TEST(FlatStringMap, ACopyAndAMoveFindEveryKeyAfterTheOriginalIsGone) {
  std::vector<std::string> keys;
  for (int i = 0; i < 3000; ++i) {
    std::string key = i % 2 ? "/short/" : "/a/path/longer/than/sixteen/bytes/";
    key += std::to_string(i);
    keys.push_back(std::move(key));
  }
  auto original = std::make_unique<FlatStringMap<int>>();
  for (int i = 0; i < 3000; ++i) (*original)[keys[i]] = i;
  FlatStringMap<int> copy(*original);
  FlatStringMap<int> assigned;
  assigned["other"] = -1;
  assigned = *original;
  FlatStringMap<int> moved(std::move(*original));
  original.reset();
  for (const FlatStringMap<int>* m : {&copy, &assigned, &moved}) {
    ASSERT_EQ(m->size(), keys.size());
    for (int i = 0; i < 3000; ++i) ASSERT_EQ(m->at(keys[i]), i) << keys[i];
    EXPECT_EQ(m->find("other"), m->end());
  }
  copy["new key"] = 7;  // a copy grows on its own
  EXPECT_EQ(copy.size(), keys.size() + 1);
  EXPECT_EQ(assigned.find("new key"), assigned.end());
}

TEST(FlatStringMap, LookupsStayRightAcrossGrowthReserveAndSortByKey) {
  std::mt19937_64 rng(3);
  FlatStringMap<int> m;
  std::map<std::string, int> model;
  m["seed"] = 0;  // indexed before the entries move
  model["seed"] = 0;
  m.reserveEntries(5000);
  for (int i = 0; i < 50'000; ++i) {
    std::string key = randomKey(rng) + std::to_string(rng() % 40'000);
    ++m[key];
    ++model[key];
  }
  m.reserve(m.size() * 3);
  m.sortByKey();
  ASSERT_TRUE(m.sortedByKey());
  ASSERT_EQ(m.size(), model.size());
  auto it = m.begin();
  for (const auto& [key, value] : model) {  // in key order after the sort
    ASSERT_EQ(it->first, key);
    ASSERT_EQ(it->second, value);
    ++it;
  }
  for (const auto& [key, value] : model) ASSERT_EQ(m.at(key), value) << key;  // re-indexed
  ++m["zzz after the sort"];
  EXPECT_FALSE(m.sortedByKey());
  EXPECT_EQ(m.at("zzz after the sort"), 1);
  EXPECT_EQ(m.at("seed"), 0);
}

}  // namespace
}  // namespace logmill::workers
