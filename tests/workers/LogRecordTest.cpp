#include <gtest/gtest.h>

#include <string>

#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {
namespace {

// Expected epoch values come from Python:
//   datetime.strptime(s, "%d/%b/%Y:%H:%M:%S %z").timestamp()

TEST(ParseClfTimeTest, UtcOffsetZero) {
  auto t = parseClfTime("17/May/2015:10:05:03 +0000");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->epochSeconds, 1431857103);
  EXPECT_EQ(t->offsetMinutes, 0);
  EXPECT_EQ(t->localSeconds(), 1431857103);
}

TEST(ParseClfTimeTest, NegativeOffsetIsAddedBackToUtc) {
  auto t = parseClfTime("29/Jul/2023:10:26:06 -0700");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->epochSeconds, 1690651566);
  EXPECT_EQ(t->offsetMinutes, -420);
  // Local time is what the server wrote: 10:26:06 on that day.
  EXPECT_EQ(t->localSeconds() % 86400, 10 * 3600 + 26 * 60 + 6);
}

TEST(ParseClfTimeTest, PositiveOffsets) {
  auto t = parseClfTime("17/Oct/2023:05:57:49 +1100");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->epochSeconds, 1697482669);
  EXPECT_EQ(t->offsetMinutes, 660);
  auto half = parseClfTime("29/Feb/2000:12:00:00 +0530");
  ASSERT_TRUE(half.has_value());
  EXPECT_EQ(half->epochSeconds, 951805800);
  EXPECT_EQ(half->offsetMinutes, 330);
}

TEST(ParseClfTimeTest, EpochBoundaries) {
  EXPECT_EQ(parseClfTime("01/Jan/1970:00:00:00 +0000")->epochSeconds, 0);
  EXPECT_EQ(parseClfTime("31/Dec/1969:23:59:59 +0000")->epochSeconds, -1);
  EXPECT_EQ(parseClfTime("01/Mar/2100:00:00:00 +0000")->epochSeconds, 4107542400);
}

TEST(ParseClfTimeTest, LeapYears) {
  auto leap = parseClfTime("29/Feb/2016:23:59:59 +0000");
  ASSERT_TRUE(leap.has_value());
  EXPECT_EQ(leap->epochSeconds, 1456790399);
  EXPECT_TRUE(parseClfTime("29/Feb/2000:00:00:00 +0000").has_value());   // divisible by 400
  EXPECT_FALSE(parseClfTime("29/Feb/1900:00:00:00 +0000").has_value());  // by 100 only
  EXPECT_FALSE(parseClfTime("29/Feb/2015:00:00:00 +0000").has_value());
  EXPECT_FALSE(parseClfTime("30/Feb/2016:00:00:00 +0000").has_value());
  // The day after 28 Feb in a common year is 1 Mar.
  EXPECT_EQ(parseClfTime("01/Mar/2015:00:00:00 +0000")->epochSeconds -
                parseClfTime("28/Feb/2015:00:00:00 +0000")->epochSeconds,
            86400);
}

TEST(ParseClfTimeTest, LeapSecondKeepsItsDayAndSortsWithTheSecondBefore) {
  const auto leap = parseClfTime("31/Dec/2016:23:59:60 +0000");
  const auto before = parseClfTime("31/Dec/2016:23:59:59 +0000");
  const auto after = parseClfTime("01/Jan/2017:00:00:00 +0000");
  ASSERT_TRUE(leap && before && after);
  EXPECT_TRUE(leap->leapSecond);
  EXPECT_FALSE(before->leapSecond);
  EXPECT_EQ(leap->epochSeconds, 1483228799);  // 2016-12-31T23:59:59Z
  EXPECT_EQ(leap->epochSeconds, before->epochSeconds);
  EXPECT_LT(leap->epochSeconds, after->epochSeconds);
  // Still the 31st, hour 23, in the server's own zone too.
  const auto zoned = parseClfTime("31/Dec/2016:23:59:60 -0800");
  ASSERT_TRUE(zoned);
  EXPECT_EQ(zoned->localSeconds() / 86400, before->epochSeconds / 86400);
  EXPECT_EQ(zoned->localSeconds() % 86400 / 3600, 23);
}

TEST(ParseClfTimeTest, EveryMonthName) {
  const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t previous = 0;
  for (const char* name : names) {
    auto t = parseClfTime(std::string("01/") + name + "/2021:00:00:00 +0000");
    ASSERT_TRUE(t.has_value()) << name;
    EXPECT_GT(t->epochSeconds, previous) << name;
    previous = t->epochSeconds;
  }
  EXPECT_EQ(previous, 1638316800);  // 2021-12-01
}

TEST(ParseClfTimeTest, RejectsBadMonthsAndRanges) {
  for (const char* text : {
           "17/Foo/2015:10:05:03 +0000",
           "17/may/2015:10:05:03 +0000",
           "17/MAY/2015:10:05:03 +0000",
           "00/May/2015:10:05:03 +0000",
           "31/Apr/2015:10:05:03 +0000",
           "17/May/2015:24:00:00 +0000",
           "17/May/2015:10:60:00 +0000",
           "17/May/2015:10:05:61 +0000",
           "17/May/2015:10:05:03 +0060",
           "17/May/2015:10:05:03 *0000",
           "17/May/2015:10:05:03 +000",
           "17/May/2015:10:05:03 +00000",
           "17-May-2015:10:05:03 +0000",
           "17/May/15:10:05:03 +0000",
           "1a/May/2015:10:05:03 +0000",
           "17/May/2015:10:05:03",
           "",
       }) {
    EXPECT_FALSE(parseClfTime(text).has_value()) << text;
  }
}

TEST(LogRecordTest, TimeParsesTimeTextLazily) {
  LogRecord record;
  EXPECT_FALSE(record.time().has_value());  // no %t in the format
  std::string text = "10/Oct/2000:13:55:36 -0700";
  record.timeText = text;
  auto t = record.time();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->epochSeconds, 971211336);
  EXPECT_EQ(t->offsetMinutes, -420);
  record.timeText = "10/Oct/2000:13:55:36 -07";
  EXPECT_FALSE(record.time().has_value());
}


TEST(IsoTime, UtcZoneAndFractionsAsLogged) {
  const auto t = parseIsoTime("2018-07-02T22:23:00.186641Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->epochSeconds, 1530570180);
  EXPECT_EQ(t->offsetMinutes, 0);
  const auto spaced = parseIsoTime("2018-07-02 22:23:00");  // W3C date + time
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->epochSeconds, 1530570180);
}

TEST(IsoTime, OffsetsInEveryWrittenForm) {
  for (const char* text : {"2018-07-03T00:23:00+02:00", "2018-07-03T00:23:00+0200",
                           "2018-07-03T00:23:00+02", "2018-07-03T00:23:00.5+02:00"}) {
    const auto t = parseIsoTime(text);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(t->epochSeconds, 1530570180) << text;
    EXPECT_EQ(t->offsetMinutes, 120) << text;
  }
}

TEST(IsoTime, RejectsWhatIsNotATime) {
  for (const char* text :
       {"", "2018-07-02", "2018-13-02T22:23:00Z", "2018-02-30T22:23:00Z", "2018-07-02T24:00:00Z",
        "2018-07-02T22:23:00X", "2018-07-02T22:23:00.Z", "2018-07-02T22:23:00+2:00",
        "2018-07-02T22:23:00+24:00", "2018/07/02T22:23:00Z", "2018-07-02T22:23:0aZ"}) {
    EXPECT_FALSE(parseIsoTime(text)) << text;
  }
}

TEST(IsoTime, LeapSecondKeepsItsMinute) {
  const auto t = parseIsoTime("2016-12-31T23:59:60Z");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->leapSecond);
  EXPECT_EQ(t->epochSeconds, 1483228799);
}

TEST(EpochTime, SecondsAndFractions) {
  EXPECT_EQ(parseEpochTime("1530570180")->epochSeconds, 1530570180);
  EXPECT_EQ(parseEpochTime("1530570180.186")->epochSeconds, 1530570180);
  EXPECT_EQ(parseEpochTime("0")->epochSeconds, 0);
  for (const char* text : {"", "-1", "1.", "1e9", "99999999999999999999", "253402300800", " 1"}) {
    EXPECT_FALSE(parseEpochTime(text)) << text;
  }
}

TEST(LogRecordTime, FollowsTheRecordsSyntax) {
  LogRecord record;
  record.timeText = "2018-07-02T22:23:00Z";
  EXPECT_FALSE(record.time());  // CLF by default
  record.timeSyntax = TimeSyntax::Iso8601;
  EXPECT_EQ(record.time()->epochSeconds, 1530570180);
  record.timeText = "1530570180";
  record.timeSyntax = TimeSyntax::Epoch;
  EXPECT_EQ(record.time()->epochSeconds, 1530570180);
}

}  // namespace
}  // namespace logmill::workers
