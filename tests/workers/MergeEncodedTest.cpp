#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "workers/base/ByteCodec.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::workers {
namespace {

/// `n` host-like keys from `first` on (step 2: two partials with first 0
/// and 1 are disjoint, 0 and 0 share every key), with some stats and an error.
Partial hosts(int first, int n, bool sorted) {
  Partial p;
  for (int i = 0; i < n; ++i) {
    const int h = first + 2 * i;
    p.add("10." + std::to_string(h % 7) + "." + std::to_string(h) + ".1", 1 + h % 3);
  }
  p.stats().files = 1;
  p.stats().lines = static_cast<std::uint64_t>(n) + 5;
  p.stats().bytesIn = 1000 + static_cast<std::uint64_t>(first);
  p.errors().push_back({"f" + std::to_string(first), "f: truncated gzip stream at byte 9"});
  if (sorted) p.sortGroups();
  return p;
}

/// merge(decode(bytes)), the reference mergeEncoded must equal.
Partial mergedByDecode(Partial into, const std::string& bytes) {
  into.merge(Partial::decode(bytes));
  return into;
}

TEST(MergeEncoded, SortedGroupsJoinAsTheyAreReadAndStayInOrder) {
  for (const int otherFirst : {0, 1, 100}) {  // same keys, disjoint keys, partly shared
    const Partial mine = hosts(0, 300, true);
    const std::string bytes = hosts(otherFirst, 200, true).encode();
    Partial viaStream = mine;
    viaStream.mergeEncoded(bytes);
    EXPECT_EQ(viaStream, mergedByDecode(mine, bytes)) << otherFirst;
    EXPECT_TRUE(viaStream.groups().sortedByKey()) << otherFirst;
    EXPECT_EQ(viaStream.errors().size(), 2u);
    EXPECT_EQ(viaStream.errors()[1].path, "f" + std::to_string(otherFirst));
  }
}

TEST(MergeEncoded, UnsortedOrEmptyDestinationGivesTheSameAnswer) {
  const std::string bytes = hosts(1, 200, true).encode();
  const Partial unsorted = hosts(0, 300, false);
  ASSERT_FALSE(unsorted.groups().sortedByKey());
  Partial a = unsorted;
  a.mergeEncoded(bytes);
  EXPECT_EQ(a, mergedByDecode(unsorted, bytes));
  Partial empty;
  empty.mergeEncoded(bytes);
  EXPECT_EQ(empty, Partial::decode(bytes));
  EXPECT_EQ(a.groups().at("10.1.1.1"), 2u);
}

TEST(MergeEncoded, CountsAddUpOnSharedKeys) {
  Partial p = hosts(0, 10, true);
  p.mergeEncoded(hosts(0, 10, true).encode());
  EXPECT_EQ(p.groups().at("10.0.0.1"), 2u);  // 1 + 0 % 3, twice
  EXPECT_EQ(p.groups().at("10.4.4.1"), 4u);  // 1 + 4 % 3, twice
  EXPECT_EQ(p.stats().lines, 30u);
}

/// A version 6 partial whose groups are `keys` in the order given.
std::string withGroups(std::initializer_list<const char*> keys) {
  ByteWriter w;
  w.raw("LMP");
  w.varint(6);
  for (int i = 0; i < 9; ++i) w.varint(0);
  w.varint(0);  // errors
  w.varint(keys.size());
  for (const char* k : keys) {
    w.varint(0);  // no prefix shared
    w.bytes(k);
    w.varint(1);
  }
  w.varint(0);  // no report
  w.varint(0);  // an empty aggregate table
  w.varint(0);
  return w.take();
}

/// The error merging `bytes` into a small partial raises, or "no error".
std::string mergeError(const std::string& bytes) {
  Partial p = hosts(0, 3, true);
  try {
    p.mergeEncoded(bytes);
  } catch (const DecodeError& e) {
    return std::string(e.what());
  }
  return std::string("no error");
}

TEST(MergeEncoded, KeysOutOfOrderOrTwiceAreRejected) {
  EXPECT_NE(mergeError(withGroups({"b", "a"})).find("group keys out of order"), std::string::npos);
  EXPECT_NE(mergeError(withGroups({"a", "a"})).find("duplicate group key"), std::string::npos);
  EXPECT_EQ(mergeError(withGroups({"a", "b"})), "no error");
}

/// A version 6 partial whose groups are `keys`, each written as (bytes
/// shared with the key before it, the bytes after them).
std::string frontCoded(std::initializer_list<std::pair<int, std::string>> keys) {
  ByteWriter w;
  w.raw("LMP");
  w.varint(6);
  for (int i = 0; i < 10; ++i) w.varint(0);  // stats, errors
  w.varint(keys.size());
  for (const auto& [shared, suffix] : keys) {
    w.varint(static_cast<std::uint64_t>(shared));
    w.bytes(suffix);
    w.varint(1);
  }
  for (int i = 0; i < 3; ++i) w.varint(0);  // no report, an empty aggregate table
  return w.take();
}

// The order check compares only the bytes after the shared prefix: a key
// equal in length but smaller is out of order, not a duplicate, and bytes
// compare unsigned.
TEST(MergeEncoded, FrontCodedKeysAreCheckedAfterTheirSharedPrefix) {
  const auto outOfOrder = [&](std::initializer_list<std::pair<int, std::string>> keys) {
    return mergeError(frontCoded(keys)).find("group keys out of order") != std::string::npos;
  };
  const auto twice = [&](std::initializer_list<std::pair<int, std::string>> keys) {
    return mergeError(frontCoded(keys)).find("duplicate group key") != std::string::npos;
  };
  EXPECT_TRUE(outOfOrder({{0, "abc"}, {1, "aa"}}));  // aaa after abc
  EXPECT_TRUE(outOfOrder({{0, "abc"}, {2, "b"}}));   // abb after abc
  EXPECT_TRUE(outOfOrder({{0, "ab"}, {1, ""}}));     // a after ab
  EXPECT_TRUE(outOfOrder({{0, "a\xff"}, {1, "\x01"}}));
  EXPECT_TRUE(twice({{0, "ab"}, {1, "b"}}));
  EXPECT_TRUE(twice({{0, "ab"}, {2, ""}}));
  EXPECT_EQ(mergeError(frontCoded({{0, "ab"}, {2, "c"}, {1, "c"}})), "no error");
  EXPECT_EQ(mergeError(frontCoded({{0, "a\x01"}, {1, "\xff"}, {0, "b"}})), "no error");
  Partial p = hosts(0, 3, true);
  p.mergeEncoded(frontCoded({{0, "ab"}, {2, "c"}, {1, "c"}}));
  EXPECT_EQ(p.groups().at("abc"), 1u);
  EXPECT_EQ(p.groups().at("ac"), 1u);
  EXPECT_TRUE(p.groups().sortedByKey());
}

TEST(MergeEncoded, EveryTruncationIsRejected) {
  const std::string bytes = hosts(1, 20, true).encode();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    Partial p = hosts(0, 20, true);
    EXPECT_THROW(p.mergeEncoded(bytes.substr(0, n)), DecodeError) << n;
  }
}

TEST(MergeEncoded, HeadIsReadWithoutTheRest) {
  const Partial p = hosts(4, 50, true);
  const std::string bytes = p.encode();
  EXPECT_EQ(Partial::encodedGroupCount(bytes), 50u);
  EXPECT_EQ(Partial::encodedStats(bytes), p.stats());
  EXPECT_EQ(Partial::encodedGroupCount(Partial{}.encode()), 0u);
  EXPECT_THROW((void)Partial::encodedStats("LMX"), DecodeError);
}

}  // namespace
}  // namespace logmill::workers
