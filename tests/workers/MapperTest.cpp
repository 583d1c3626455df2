#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/GzipText.hpp"
#include "tests/TempDir.hpp"
#include "tests/workers/mapperTesting.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::workers {
namespace {

using logmill::testing::gzipText;
using logmill::testing::TempDir;
using testing::expectEveryCutAddsUp;

// Five lines: statuses 200, 404, 200, 500 and one that is not a log line.
const std::string kLog =
    "1.1.1.1 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 10 \"-\" \"ua\"\n"
    "2.2.2.2 - - [17/May/2015:10:05:04 +0000] \"GET /robots.txt HTTP/1.1\" 404 20 \"-\" \"bot\"\n"
    "this is not a log line\n"
    "1.1.1.1 - - [17/May/2015:11:05:05 +0000] \"POST /b HTTP/1.1\" 200 30 \"-\" \"ua\"\n"
    "3.3.3.3 - - [17/May/2015:12:05:06 +0000] \"GET /c HTTP/1.1\" 500 40 \"-\" \"ua\"\n";

Query countBy(std::vector<Field> by, std::string where = "") {
  Query q;
  q.command = Command::Count;
  q.by = std::move(by);
  q.where = std::move(where);
  return q;
}

TEST(Mapper, CountsGroupsAndStatsOfAPlainFile) {
  TempDir t;
  const std::string path = t.write("a.log", kLog);
  Mapper mapper(countBy({Field::Status}));
  Partial p;
  mapper.run(path, {}, p);
  EXPECT_EQ(p.stats().files, 1u);
  EXPECT_EQ(p.stats().lines, 5u);
  EXPECT_EQ(p.stats().parsed, 4u);
  EXPECT_EQ(p.stats().malformed, 1u);
  EXPECT_EQ(p.stats().bytesOut, kLog.size());
  EXPECT_EQ(p.groups().size(), 3u);  // 200, 404, 500
  std::uint64_t total = 0;
  for (const auto& [key, n] : p.groups()) total += n;
  EXPECT_EQ(total, 4u);
  EXPECT_TRUE(p.errors().empty());
}

TEST(Mapper, ByteRangesAddUpToTheWholeFileAtAnyCut) {
  TempDir t;
  const std::string path = t.write("a.log", kLog);
  Mapper mapper(countBy({Field::Host}));
  expectEveryCutAddsUp(mapper, path, kLog.size());
}

TEST(Mapper, GzipGivesTheSameResultAsPlainText) {
  TempDir t;
  const std::string plain = t.write("a.log", kLog);
  const std::string gz = t.write("a.log.gz", gzipText(kLog));
  Mapper mapper(countBy({Field::Status, Field::Path}));
  Partial a, b;
  mapper.run(plain, {}, a);
  mapper.run(gz, {}, b);
  EXPECT_EQ(a.groups(), b.groups());
  EXPECT_EQ(a.stats().bytesOut, b.stats().bytesOut);
  EXPECT_LT(b.stats().bytesIn, b.stats().bytesOut + 64);
}

TEST(Mapper, WhereFiltersAndMatchedCountsWhatPassed) {
  TempDir t;
  const std::string path = t.write("a.log", kLog);
  Mapper mapper(countBy({}, "status >= 400"));
  Partial p;
  mapper.run(path, {}, p);
  EXPECT_EQ(p.stats().matched, 2u);
  ASSERT_EQ(p.groups().size(), 1u);
  EXPECT_EQ(p.groups().begin()->second, 2u);
}

TEST(Mapper, MatchingLinesReachOnMatchInInputOrder) {
  TempDir t;
  const std::string path = t.write("a.log", kLog);
  Query q = countBy({}, "host == \"1.1.1.1\"");
  q.command = Command::Grep;
  Mapper mapper(q);
  std::vector<std::string> lines;
  mapper.onMatch([&](std::string_view line) { lines.emplace_back(line); });
  Partial p;
  mapper.run(path, {}, p);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].find("GET /a") != std::string::npos);
  EXPECT_TRUE(lines[1].find("POST /b") != std::string::npos);
  EXPECT_EQ(lines[0].back(), '"');  // no line terminator
}

TEST(Mapper, AMissingFileIsAnErrorNamingItNotAnException) {
  TempDir t;
  const std::string path = t.file("gone.log");
  Mapper mapper(countBy({Field::Status}));
  Partial p;
  EXPECT_NO_THROW(mapper.run(path, {}, p));
  ASSERT_EQ(p.errors().size(), 1u);
  EXPECT_EQ(p.errors()[0].path, path);
  EXPECT_NE(p.errors()[0].message.find(path), std::string::npos);
  EXPECT_EQ(p.stats().failedFiles, 1u);
  EXPECT_TRUE(p.groups().empty());
}

TEST(Mapper, AggregatesCountEveryLineReadBeforeDamage) {
  // The aggregate map step stages a few lines before adding them to their
  // rows; a read that stops on a truncated stream must still add them.
  TempDir t;
  const std::string text = logmill::testing::combinedLogText(4000000, 5);
  const std::string gz = gzipText(text);
  const std::string path = t.write("cut.log.gz", gz.substr(0, gz.size() / 2));
  Query q = countBy({Field::Host, Field::Path});  // ~30 k rows: they stage
  q.command = Command::Top;
  q.aggregates = parseAggregates("count,sum(bytes)");
  Mapper mapper(q);
  Partial p;
  mapper.run(path, {}, p);
  ASSERT_EQ(p.errors().size(), 1u);
  EXPECT_NE(p.errors()[0].message.find("cut.log.gz"), std::string::npos);
  ASSERT_GT(p.aggregates().rows().size(), 8192u);
  std::uint64_t rowsCount = 0;
  for (const auto& [key, row] : p.aggregates().rows()) rowsCount += row.count;
  EXPECT_EQ(rowsCount, p.stats().matched);

  // And whole, every line of the file reaches its row.
  const std::string whole = t.write("whole.log.gz", gz);
  Partial w;
  mapper.run(whole, {}, w);
  EXPECT_TRUE(w.errors().empty());
  rowsCount = 0;
  for (const auto& [key, row] : w.aggregates().rows()) rowsCount += row.count;
  EXPECT_EQ(rowsCount, static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')));
}

TEST(Mapper, GroupsCountEveryLineReadBeforeDamage) {
  // Plain counts stage their keys too, once a partial has many groups: host
  // and path here give ~30 k.
  TempDir t;
  const std::string text = logmill::testing::combinedLogText(4000000, 6);
  const std::string gz = gzipText(text);
  const std::string path = t.write("cut.log.gz", gz.substr(0, gz.size() / 2));
  Mapper mapper(countBy({Field::Host, Field::Path}));
  Partial p;
  mapper.run(path, {}, p);
  ASSERT_EQ(p.errors().size(), 1u);
  ASSERT_GT(p.groups().size(), 8192u);
  std::uint64_t counted = 0;
  for (const auto& [key, n] : p.groups()) counted += n;
  EXPECT_EQ(counted, p.stats().matched);

  const std::string whole = t.write("whole.log.gz", gz);
  Partial w;
  mapper.run(whole, {}, w);
  EXPECT_TRUE(w.errors().empty());
  counted = 0;
  for (const auto& [key, n] : w.groups()) counted += n;
  EXPECT_EQ(counted, static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')));
}

TEST(Mapper, ABadQueryIsRefusedAtConstruction) {
  EXPECT_THROW(Mapper(countBy({}, "status >>> 3")), std::invalid_argument);
  Query q = countBy({});
  q.logFormat = "%{unknown-directive";
  EXPECT_THROW(Mapper{q}, std::invalid_argument);
}

}  // namespace
}  // namespace logmill::workers
