#include <gtest/gtest.h>

#include "workers/base/ByteCodec.hpp"
#include "workers/query/GroupKey.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {
namespace {

TEST(Query, EncodeDecodeRoundTrip) {
  Query q;
  q.command = Command::Top;
  q.by = {Field::Host, Field::Status, Field::Os};
  q.where = "status >= 500 and path ~ \"^/api/\"";
  q.logFormat = "%h %l %u %t \"%r\" %>s %b";
  q.topN = 25;
  EXPECT_EQ(Query::decode(q.encode()), q);
}

TEST(Query, RejectsUnknownCommandAndField) {
  Query q;
  std::string bytes = q.encode();
  bytes[4] = 9;  // command byte after magic + version
  EXPECT_THROW((void)Query::decode(bytes), DecodeError);
  q.by = {Field::Host};
  bytes = q.encode();
  bytes[6] = 99;  // the field
  EXPECT_THROW((void)Query::decode(bytes), DecodeError);
}

TEST(GroupKey, MultiFieldKeysSurviveAnyByte) {
  LogRecord r;
  const std::string host("a\tb\0c", 5);
  r.host = host;
  r.status = 404;
  std::string key;
  buildGroupKey(r, {Field::Host, Field::Status}, key);
  const auto parts = splitGroupKey(key, 2);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], host);
  EXPECT_EQ(parts[1], "404");
  buildGroupKey(r, {Field::Status}, key);
  EXPECT_EQ(key, "404");
}

TEST(Field, NamesRoundTripAndValuesRender) {
  for (int i = 0; i < kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    EXPECT_EQ(fieldFromName(fieldName(f)), f);
  }
  EXPECT_EQ(fieldFromName("referer"), Field::Referrer);
  EXPECT_FALSE(fieldFromName("stauts"));
  LogRecord r;
  r.bytes = -1;
  r.status = 503;
  r.timeText = "17/May/2015:23:05:03 -0700";
  std::string out;
  appendFieldValue(r, Field::Bytes, out);
  EXPECT_EQ(out, "-");
  out.clear();
  appendFieldValue(r, Field::StatusClass, out);
  EXPECT_EQ(out, "5xx");
  out.clear();
  appendFieldValue(r, Field::Time, out);
  EXPECT_EQ(out, "2015-05-17T23:05:03-0700");
  out.clear();
  appendFieldValue(r, Field::Date, out);
  EXPECT_EQ(out, "2015-05-17");  // as logged, not UTC (which is the 18th)
  out.clear();
  appendFieldValue(r, Field::Hour, out);
  EXPECT_EQ(out, "23");
  out.clear();
  appendFieldValue(r, Field::Weekday, out);
  EXPECT_EQ(out, "Sun");
}

TEST(Field, LeapSecondRendersAsLogged) {
  LogRecord r;
  r.timeText = "31/Dec/2016:23:59:60 +0000";
  std::string out;
  appendFieldValue(r, Field::Time, out);
  EXPECT_EQ(out, "2016-12-31T23:59:60+0000");
  out.clear();
  appendFieldValue(r, Field::Date, out);
  EXPECT_EQ(out, "2016-12-31");
  out.clear();
  appendFieldValue(r, Field::Hour, out);
  EXPECT_EQ(out, "23");
  out.clear();
  appendFieldValue(r, Field::Weekday, out);
  EXPECT_EQ(out, "Sat");
}

}  // namespace
}  // namespace logmill::workers
