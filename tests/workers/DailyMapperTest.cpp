#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "workers/map/DailyMapper.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/report/reportDay.hpp"

namespace logmill::workers {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Partial mergedDays(DailyMapper& mapper) {
  Partial all;
  for (auto& [date, partial] : mapper.days()) all.merge(partial);
  return all;
}

TEST(ReportDay, FormatsTheKeyReportAggregateUses) {
  // Around a UTC midnight with a negative offset, and a pre-1970 date.
  const char* lines[] = {
      "1.1.1.1 - - [31/Dec/2015:23:59:59 -0500] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"",
      "1.1.1.1 - - [01/Mar/1969:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\""};
  LineParser parser("combined");
  for (const char* line : lines) {
    LogRecord record;
    ASSERT_TRUE(parser.parse(line, record));
    ReportAggregate aggregate;
    aggregate.add(record);
    std::string date;
    formatReportDay(reportDayNumber(*record.time()), date);
    ASSERT_EQ(aggregate.days().size(), 1u);
    EXPECT_EQ(aggregate.days().begin()->first, date);
  }
}

TEST(DailyMapper, SplitsByDayAndMergesBackToTheReportOfAllLines) {
  const std::string path = std::string(LOGMILL_TEST_DATA) + "/elastic-apache-combined-2015.log";
  Query query;
  query.command = Command::Report;
  Partial direct;
  Mapper(query).run(path, {}, direct);

  DailyMapper daily("auto");
  daily.mapText(readFile(path));
  EXPECT_GT(daily.days().size(), 2u);  // the file spans several days
  for (const auto& [date, partial] : std::as_const(daily.days())) {
    if (date.empty() || !partial.report()) continue;
    ASSERT_EQ(partial.report()->days().size(), 1u) << date;
    EXPECT_EQ(partial.report()->days().begin()->first, date);
  }
  Partial merged = mergedDays(daily);
  merged.stats().files = direct.stats().files;
  EXPECT_EQ(merged, direct);
}

TEST(DailyMapper, CountsMalformedOverlongAndUnterminatedLinesLikeTheReader) {
  DailyMapper daily("combined");
  daily.mapText(
      "not a log line\r\n"
      "1.1.1.1 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 10 \"-\" \"ua\"");
  daily.addOverlong(5000000);
  const Partial& undated = daily.days().at(std::string(DailyMapper::kUndated));
  EXPECT_EQ(undated.stats().lines, 2u);
  EXPECT_EQ(undated.stats().malformed, 2u);
  EXPECT_EQ(undated.stats().bytesIn, 16u + 5000000u);
  const Partial& day = daily.days().at("2015-05-17");
  EXPECT_EQ(day.stats().parsed, 1u);
  EXPECT_EQ(day.report()->rows(ReportPanel::Hosts).size(), 1u);
}

}  // namespace
}  // namespace logmill::workers
