// groupTableOnDemand makes the same rows as groupTable, whether the groups
// were built by hashing or arrive in key order (merged sorted partials,
// where a one-field result skips the sort).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/output/groupTable.hpp"
#include "workers/query/GroupKey.hpp"

namespace logmill::engine {
namespace {

using workers::Command;
using workers::Field;

/// A two-field key as GroupKey packs it: each value after its 4-byte
/// little-endian length.
std::string packed(std::string_view a, std::string_view b) {
  std::string key;
  for (std::string_view v : {a, b}) {
    auto n = static_cast<std::uint32_t>(v.size());
    for (int i = 0; i < 4; ++i, n >>= 8) key.push_back(static_cast<char>(n & 0xff));
    key += v;
  }
  return key;
}

std::vector<std::vector<std::string>> texts(const Table& table) {
  std::vector<std::vector<std::string>> out;
  table.forEachRow([&](const std::vector<TableCell>& row) {
    std::vector<std::string>& cells = out.emplace_back();
    for (const TableCell& cell : row) cells.push_back(cell.text);
  });
  return out;
}

workers::Partial hosts(bool sorted) {
  workers::Partial p;
  for (int i = 300; i > 0; --i) {
    p.add(std::to_string(i * 7919 % 1000) + "." + std::string(i % 20, 'x') + "\xff", i % 4 + 1);
  }
  p.add("", 2);
  return sorted ? workers::Partial::decode(p.encode()) : p;
}

TEST(GroupTableOnDemand, SameRowsAsGroupTableForSortedAndHashedGroups) {
  for (const Command command : {Command::Count, Command::Top, Command::Robots}) {
    workers::Query q;
    q.command = command;
    q.by = {Field::Host};
    q.topN = 10;
    const workers::Partial hashed = hosts(false), sorted = hosts(true);
    ASSERT_TRUE(sorted.groups().sortedByKey());
    const auto expected = texts(groupTable(q, hashed));
    ASSERT_EQ(expected.size(), command == Command::Top ? 10u : hashed.groups().size());
    EXPECT_EQ(texts(groupTableOnDemand(q, hashed)), expected);
    EXPECT_EQ(texts(groupTableOnDemand(q, sorted)), expected);
    EXPECT_EQ(texts(groupTable(q, sorted)), expected);
    EXPECT_EQ(groupTableOnDemand(q, sorted).header, groupTable(q, hashed).header);
  }
}

TEST(GroupTableOnDemand, ANumericOrTwoFieldKeyIsStillSortedByItsFields) {
  workers::Partial p;
  for (int status : {500, 200, 404, 1000, 99}) p.add(std::to_string(status), status);
  const workers::Partial sorted = workers::Partial::decode(p.encode());  // bytewise: 1000 < 200
  workers::Query q;
  q.command = Command::Count;
  q.by = {Field::Status};
  const auto rows = texts(groupTableOnDemand(q, sorted));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows.front()[0], "99");
  EXPECT_EQ(rows.back()[0], "1000");
  workers::Partial two;
  two.add(packed("b", "GET"), 1);
  two.add(packed("a", "POST"), 2);
  two.add(packed("ab", "GET"), 3);
  q.by = {Field::Path, Field::Method};
  const workers::Partial twoSorted = workers::Partial::decode(two.encode());
  EXPECT_EQ(texts(groupTableOnDemand(q, twoSorted)), texts(groupTable(q, two)));
  EXPECT_EQ(texts(groupTable(q, two)).front()[0], "a");
}

TEST(GroupTableOnDemand, TopKeepsTheLargestGroupsTiesByKeyAtEveryN) {
  // Many ties (counts 1..5) over keys of every length around the 16-byte
  // prefix the rows compare first.
  workers::Partial p;
  std::vector<std::pair<std::string, std::uint64_t>> all;
  for (int i = 0; i < 500; ++i) {
    std::string key =
        std::string(static_cast<std::size_t>(i % 23), 'h') + std::to_string(i * 37 % 500);
    const std::uint64_t n = static_cast<std::uint64_t>(i * 13 % 5 + 1);
    p.add(key, n);
    all.emplace_back(std::move(key), n);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(b.second, a.first) < std::tie(a.second, b.first);
  });
  const workers::Partial sorted = workers::Partial::decode(p.encode());
  for (const std::uint64_t n : {0u, 1u, 7u, 499u, 500u, 900u}) {
    workers::Query q;
    q.command = Command::Top;
    q.by = {Field::Host};
    q.topN = n;
    std::vector<std::vector<std::string>> expected;
    for (std::size_t i = 0; i < std::min<std::size_t>(n, all.size()); ++i) {
      expected.push_back({all[i].first, std::to_string(all[i].second)});
    }
    EXPECT_EQ(texts(groupTableOnDemand(q, p)), expected) << n;
    EXPECT_EQ(texts(groupTableOnDemand(q, sorted)), expected) << n;
  }
}

}  // namespace
}  // namespace logmill::engine
