// How the map treats a format's directives (W3C `#Fields:`) and a W3C file
// without one.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/TempDir.hpp"
#include "tests/workers/mapperTesting.hpp"
#include "workers/map/DailyMapper.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::workers {
namespace {

using logmill::testing::TempDir;
using testing::expectEveryCutAddsUp;

const std::string kHeader =
    "#Software: Microsoft Internet Information Services 10.0\n"
    "#Version: 1.0\n"
    "#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken\n";
const std::string kRecords =
    "2026-11-30 08:00:01 192.0.2.10 GET / 200 12\n"
    "2026-11-30 08:00:02 192.0.2.11 GET /robots.txt 404 3\n"
    "not a w3c line\n"
    "2026-11-30 08:00:03 192.0.2.10 GET /a 200 7\n";

Query query(Command command, std::string logFormat) {
  Query q;
  q.command = command;
  if (command == Command::Count) q.by = {Field::Status};
  q.logFormat = std::move(logFormat);
  return q;
}

TEST(MapperDirectives, AreNeitherLinesNorMalformed) {
  TempDir t;
  const std::string path = t.write("u_ex261130.log", kHeader + kRecords);
  for (const char* format : {"auto", "w3c"}) {
    Mapper mapper(query(Command::Count, format));
    Partial p;
    mapper.run(path, {}, p);
    EXPECT_EQ(p.stats().lines, 4u) << format;
    EXPECT_EQ(p.stats().parsed, 3u) << format;
    EXPECT_EQ(p.stats().malformed, 1u) << format;
    EXPECT_EQ(p.stats().bytesOut, kHeader.size() + kRecords.size()) << format;
    EXPECT_TRUE(p.errors().empty()) << format;
  }
}

TEST(MapperDirectives, AW3cFileWithoutFieldsIsAnErrorNamingIt) {
  TempDir t;
  const std::string path = t.write("u_ex261130.log", "#Version: 1.0\n" + kRecords);
  for (const char* format : {"auto", "w3c"}) {
    Mapper mapper(query(Command::Count, format));
    Partial p;
    mapper.run(path, {}, p);
    EXPECT_EQ(p.stats().failedFiles, 1u) << format;
    ASSERT_EQ(p.errors().size(), 1u) << format;
    EXPECT_EQ(p.errors()[0].message,
              path + ": W3C log without a #Fields: line before its first record");
    EXPECT_EQ(p.stats().malformed, 4u) << format;  // its lines still count
  }
  // Under auto, a file that never said it was W3C is only malformed lines.
  const std::string other = t.write("other.log", kRecords);
  Mapper mapper(query(Command::Count, "auto"));
  Partial p;
  mapper.run(other, {}, p);
  EXPECT_TRUE(p.errors().empty());
}

TEST(MapperDirectives, ARangeAfterTheFirstReadsTheFilesHeader) {
  TempDir t;
  const std::string text = kHeader + kRecords;
  const std::string path = t.write("u_ex261130.log", text);
  Mapper mapper(query(Command::Count, "w3c"));
  expectEveryCutAddsUp(mapper, path, text.size());
  Partial whole;
  mapper.run(path, {}, whole);
  EXPECT_TRUE(whole.errors().empty());
}

TEST(MapperDirectives, RobotsAndTheDailyMapAgree) {
  TempDir t;
  const std::string path = t.write("u_ex261130.log", kHeader + kRecords);
  Mapper robots(query(Command::Robots, "auto"));
  Partial p;
  robots.run(path, {}, p);
  ASSERT_EQ(p.groups().size(), 1u);
  EXPECT_EQ(p.groups().begin()->first, "192.0.2.11");
  DailyMapper daily("auto");
  daily.mapText(kHeader + kRecords);
  std::uint64_t lines = 0, malformed = 0;
  for (const auto& [day, partial] : daily.days()) {
    lines += partial.stats().lines;
    malformed += partial.stats().malformed;
  }
  EXPECT_EQ(lines, 4u);
  EXPECT_EQ(malformed, 1u);
}

}  // namespace
}  // namespace logmill::workers
