// Partials whose groups travel in key order, front-coded (encoding version
// 6): what lets the coordinator merge big results in one pass without
// hashing or sorting, and what a forged encoding must not get past.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::workers {
namespace {

/// A partial of `n` scattered dotted-quad hosts (the shape of count --by host).
Partial hosts(std::uint32_t n, std::uint32_t salt) {
  Partial p;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t v = (i + salt) * 2654435761u;
    p.add(std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
              std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255),
          1 + i % 3);
  }
  return p;
}

/// The bytes of a version-6 partial with no stats, no errors and `groups`
/// written as given: (shared prefix, suffix, count) each.
std::string forged(
    const std::vector<std::tuple<std::uint64_t, std::string, std::uint64_t>>& groups) {
  ByteWriter w;
  w.raw("LMP");
  w.varint(6);
  for (int i = 0; i < 9; ++i) w.varint(0);
  w.varint(0);  // errors
  w.varint(groups.size());
  for (const auto& [shared, suffix, n] : groups) {
    w.varint(shared);
    w.bytes(suffix);
    w.varint(n);
  }
  w.varint(0);  // no report
  w.varint(0);  // aggregate table: no slots
  w.varint(0);  // and no rows
  return w.take();
}

std::string errorOf(const std::string& bytes) {
  try {
    (void)Partial::decode(bytes);
  } catch (const DecodeError& e) {
    return e.what();
  }
  return "decoded";
}

TEST(SortedPartial, DecodesInKeyOrderAndRoundTrips) {
  const Partial p = hosts(5000, 1);
  EXPECT_FALSE(p.groups().sortedByKey());  // built by hashing
  const Partial back = Partial::decode(p.encode());
  EXPECT_EQ(back, p);
  EXPECT_TRUE(back.groups().sortedByKey());
  const std::map<std::string, std::uint64_t> model(p.groups().begin(), p.groups().end());
  const std::vector<std::pair<std::string, std::uint64_t>> inOrder(model.begin(), model.end());
  const std::vector<std::pair<std::string, std::uint64_t>> decoded(back.groups().begin(),
                                                                   back.groups().end());
  EXPECT_EQ(decoded, inOrder);
  EXPECT_EQ(Partial::decode(back.encode()).encode(), back.encode());  // stable bytes
}

TEST(SortedPartial, FrontCodingMakesTheEncodingSmaller) {
  Partial p;
  for (int i = 20000; i > 0; --i) p.add("/api/v1/items/" + std::to_string(i * 7), 1);
  std::size_t keyBytes = 0;
  for (const auto& [key, n] : p.groups()) keyBytes += key.size();
  // Plain keys would take all their bytes; in key order each shares most of
  // its bytes with the key before it.
  EXPECT_LT(p.encode().size(), keyBytes / 2);
}

TEST(SortedPartial, MergingSortedPartialsAgreesWithHashingAndStaysSorted) {
  Partial a = hosts(3000, 0), b = hosts(3000, 1500);  // half the hosts in common
  Partial hashedSum = a;
  hashedSum.merge(b);
  EXPECT_FALSE(hashedSum.groups().sortedByKey());
  Partial sortedA = Partial::decode(a.encode()), sortedB = Partial::decode(b.encode());
  sortedA.merge(std::move(sortedB));
  EXPECT_TRUE(sortedA.groups().sortedByKey());
  EXPECT_EQ(sortedA.groups().size(), 4500u);
  EXPECT_EQ(sortedA, hashedSum);
  Partial copyMerged = Partial::decode(a.encode());
  copyMerged.merge(static_cast<const Partial&>(Partial::decode(b.encode())));
  EXPECT_TRUE(copyMerged.groups().sortedByKey());
  EXPECT_EQ(copyMerged, hashedSum);
}

TEST(SortedPartial, SortGroupsKeepsEveryCount) {
  Partial p = hosts(4000, 3);
  const Partial before = p;
  p.sortGroups();
  EXPECT_TRUE(p.groups().sortedByKey());
  EXPECT_EQ(p, before);
  EXPECT_EQ(p.encode(), before.encode());  // the encoding is in key order either way
}

TEST(SortedPartial, KeysOutOfOrderOrRepeatedAreRejected) {
  EXPECT_EQ(errorOf(forged({{0, "a", 1}, {0, "b", 2}})), "decoded");
  EXPECT_NE(errorOf(forged({{0, "b", 1}, {0, "a", 2}})).find("group keys out of order"),
            std::string::npos);
  EXPECT_NE(errorOf(forged({{0, "ab", 1}, {1, "b", 2}})).find("duplicate group key"),
            std::string::npos);
  // A key that is a prefix of the one before it sorts before it.
  EXPECT_NE(errorOf(forged({{0, "abc", 1}, {0, "ab", 1}})).find("out of order"), std::string::npos);
  EXPECT_NE(errorOf(forged({{0, "ab", 1}, {3, "x", 2}})).find("prefix longer than the key before"),
            std::string::npos);
}

TEST(SortedPartial, AKeyBuiltFromSharedPrefixesIsChargedInFull) {
  // Each key shares all but its last byte with a 64 KB key before it: a few
  // bytes each on the wire, 64 KB each decoded.
  const std::string big(65536, 'k');
  std::vector<std::tuple<std::uint64_t, std::string, std::uint64_t>> groups{{0, big + "a", 1}};
  for (char c = 'b'; c <= 'z'; ++c) groups.emplace_back(big.size(), std::string(1, c), 1);
  for (int i = 0; i < 200; ++i)
    groups.emplace_back(big.size() + 1, "x" + std::to_string(1000 + i), 1);
  EXPECT_NE(errorOf(forged(groups)).find("decoded size out of proportion to the encoding"),
            std::string::npos);
}

TEST(SortedPartial, LongKeysWithLongCommonPrefixesStayWithinTheBudget) {
  // What an encoder writes always decodes: it never front-codes more than
  // three quarters of a key, whatever the keys share.
  Partial p;
  const std::string prefix(300, '/');
  for (int i = 0; i < 20000; ++i) p.add(prefix + std::to_string(100000 + i), 1);
  const std::string bytes = p.encode();
  EXPECT_EQ(Partial::decode(bytes), p);
}

}  // namespace
}  // namespace logmill::workers
