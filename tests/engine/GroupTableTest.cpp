#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/output/groupTable.hpp"
#include "workers/query/GroupKey.hpp"

namespace logmill::engine {
namespace {

using workers::Command;
using workers::Field;

// Bytes that stress a prefix sort: NUL (zero padding), high bytes (signed
// char), and the separators of real hosts.
constexpr char kAlphabet[] = {'\0', 'a', 'b', '.', '\x7f', '\x80', '\xff', '1'};

std::string randomValue(std::uint64_t& state) {
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  // Lengths around 8 and 16, where the prefix words end.
  std::string s(next() % 21, 'a');
  for (char& c : s) c = kAlphabet[next() % sizeof kAlphabet];
  // Many keys share long prefixes, so comparisons must go past them.
  if (next() % 2 == 0) s = std::string("0123456789abcdef", next() % 17) + s;
  return s;
}

std::string packKey(const std::vector<std::string>& values) {
  if (values.size() == 1) return values.front();
  std::string key;
  for (const std::string& v : values) {
    auto n = static_cast<std::uint32_t>(v.size());
    for (int i = 0; i < 4; ++i, n >>= 8) key.push_back(static_cast<char>(n & 0xff));
    key += v;
  }
  return key;
}

std::int64_t numeric(std::string_view s) {
  std::int64_t v = -1;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

/// The documented order, spelled out the slow way: field by field, numeric
/// fields by value first, then bytewise (unsigned bytes).
bool referenceLess(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                   const std::vector<Field>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (workers::isNumericField(fields[i]) && numeric(a[i]) != numeric(b[i]))
      return numeric(a[i]) < numeric(b[i]);
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return false;
}

std::vector<std::vector<std::string>> keyColumns(const Table& table, std::size_t n) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : table.rows) {
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < n; ++i) keys.push_back(row[i].text);
    out.push_back(keys);
  }
  return out;
}

/// Random groups for `fields`, each value of a numeric field a number or "-".
workers::Partial randomGroups(const std::vector<Field>& fields, std::uint64_t seed,
                              std::vector<std::string>& keys) {
  workers::Partial p;
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::string> values;
    for (Field f : fields) {
      std::string v = randomValue(seed);
      if (workers::isNumericField(f))
        v = v.size() % 5 == 0 ? "-" : std::to_string(v.size() * 37 % 600);
      values.push_back(v);
    }
    keys.push_back(packKey(values));
    p.add(keys.back(), 1 + seed % 4);
  }
  return p;
}

void expectCountOrder(const std::vector<Field>& fields) {
  std::vector<std::string> keys;
  const workers::Partial p = randomGroups(fields, 42 + fields.size(), keys);
  workers::Query q;
  q.command = Command::Count;
  q.by = fields;
  const Table table = groupTable(q, p);

  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<std::vector<std::string_view>> split;
  for (const std::string& k : keys) split.push_back(workers::splitGroupKey(k, fields.size()));
  std::sort(split.begin(), split.end(),
            [&](const auto& a, const auto& b) { return referenceLess(a, b, fields); });
  std::vector<std::vector<std::string>> expected;
  for (const auto& s : split) expected.emplace_back(s.begin(), s.end());

  ASSERT_EQ(table.rows.size(), expected.size());
  EXPECT_EQ(keyColumns(table, fields.size()), expected);
}

TEST(GroupTable, OneTextFieldSortsBytewisePastThePrefix) {
  expectCountOrder({Field::Host});
}

TEST(GroupTable, NumericThenTextFields) {
  expectCountOrder({Field::Status, Field::Host});
}

TEST(GroupTable, TextThenTextFields) {
  expectCountOrder({Field::Path, Field::Host});
}

TEST(GroupTable, NumericFieldSortsByValueThenBytes) {
  workers::Partial p;
  for (const char* s : {"404", "-", "1000", "0404", "200", "-5", "9"}) p.add(s);
  workers::Query q;
  q.command = Command::Count;
  q.by = {Field::Status};
  const std::vector<std::vector<std::string>> expected = {{"-5"},   {"-"},   {"9"},   {"200"},
                                                          {"0404"}, {"404"}, {"1000"}};
  EXPECT_EQ(keyColumns(groupTable(q, p), 1), expected);
}

TEST(GroupTable, KeysThatFitThePrefixKeepTheirBytes) {
  workers::Partial p;
  const std::string nul("a\0", 2), full("0123456789abcdef", 16), longer("0123456789abcdef\x80", 17);
  for (const std::string& k : {nul, std::string("a"), full, longer, std::string("\xff")}) p.add(k);
  workers::Query q;
  q.command = Command::Robots;
  const std::vector<std::vector<std::string>> expected = {{full}, {longer}, {"a"}, {nul}, {"\xff"}};
  EXPECT_EQ(keyColumns(groupTable(q, p), 1), expected);
}

TEST(GroupTable, TopBreaksCountTiesByKey) {
  workers::Partial p;
  p.add("10.0.0.10", 5);
  p.add("10.0.0.1", 5);
  p.add("10.0.0.100000000002", 5);
  p.add("10.0.0.100000000001", 5);
  p.add("9.9.9.9", 7);
  p.add("8.8.8.8", 1);
  workers::Query q;
  q.command = Command::Top;
  q.by = {Field::Host};
  q.topN = 4;
  const Table table = groupTable(q, p);
  const std::vector<std::vector<std::string>> expected = {
      {"9.9.9.9"}, {"10.0.0.1"}, {"10.0.0.10"}, {"10.0.0.100000000001"}};
  EXPECT_EQ(keyColumns(table, 1), expected);
  EXPECT_EQ(table.rows[1][1].text, "5");
}

}  // namespace
}  // namespace logmill::engine
