#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/output/renderResult.hpp"
#include "tests/engine/outputCapture.hpp"
#include "workers/query/AggregateMapper.hpp"

namespace logmill::engine {
namespace {

using workers::Command;
using workers::Field;

std::string render(const workers::Query& q, const workers::Partial& p, OutputFormat format,
                   bool header = false) {
  return testing::captureOutput([&](OutputSink& sink) {
    renderResult(q, p, {format, header}, sink);
  });
}

bool startsWith(const std::string& s, const std::string& prefix) {
  return s.starts_with(prefix);
}

struct Hit {
  const char* host;
  int status;
  std::int64_t bytes;
  const char* time;
};

workers::Query query(Command command, std::vector<Field> by, std::string_view aggs,
                     std::uint32_t bucket = 0) {
  workers::Query q;
  q.command = command;
  q.by = std::move(by);
  q.aggregates = workers::parseAggregates(aggs);
  q.bucketSeconds = bucket;
  q.topN = 3;
  return q;
}

workers::Partial mapped(const workers::Query& q, const std::vector<Hit>& hits) {
  workers::Partial p;
  workers::AggregateMapper mapper(q);
  for (const Hit& h : hits) {
    workers::LogRecord r;
    r.host = h.host;
    r.status = h.status;
    r.bytes = h.bytes;
    r.timeText = h.time;
    mapper.map(r, p.aggregates());
  }
  return p;
}

const std::vector<Hit> kHits = {
    {"b", 200, 100, "17/May/2015:10:05:03 +0000"}, {"a", 200, 300, "17/May/2015:10:15:00 +0000"},
    {"c", 404, -1, "17/May/2015:11:00:00 +0000"},  {"a", 1000, 50, "17/May/2015:11:59:59 +0000"},
    {"d", 304, -1, "17/May/2015:12:00:00 +0000"},
};

TEST(RenderAggregates, CountSortsByKeyAndShowsNullsAsDash) {
  const auto q = query(Command::Count, {Field::Status}, "count,sum(bytes),avg(bytes),max(time)");
  const auto p = mapped(q, kHits);
  EXPECT_EQ(render(q, p, OutputFormat::Tsv, true),
            "status\tcount\tsum(bytes)\tavg(bytes)\tmax(time)\n"
            "200\t2\t400\t200.00\t2015-05-17T10:15:00Z\n"
            "304\t1\t0\t-\t2015-05-17T12:00:00Z\n"
            "404\t1\t0\t-\t2015-05-17T11:00:00Z\n"
            "1000\t1\t50\t50.00\t2015-05-17T11:59:59Z\n");
  EXPECT_PRED2(startsWith, render(q, p, OutputFormat::Json),
               "{\"status\":200,\"count\":2,\"sum(bytes)\":400,\"avg(bytes)\":200.00,\"max(time)\":"
               "\"2015-05-17T10:15:00Z\"}\n"
               "{");
  EXPECT_NE(render(q, p, OutputFormat::Json).find("\"avg(bytes)\":null"), std::string::npos);
  EXPECT_PRED2(startsWith, render(q, p, OutputFormat::Table),
               "status  count  sum(bytes)  avg(bytes)             max(time)\n"
               "200         2         400      200.00  2015-05-17T10:15:00Z\n");
}

TEST(RenderAggregates, TopRanksByTheFirstAggregateThenKeyWithNullsLast) {
  const auto q = query(Command::Top, {Field::Host}, "min(bytes),count");
  // min(bytes): a 100, b 100, c and d none; ties break by key, nulls rank last.
  const auto p = mapped(q, {{"b", 200, 100, ""},
                            {"a", 200, 100, ""},
                            {"c", 404, -1, ""},
                            {"d", 1, -1, ""},
                            {"a", 200, 900, ""}});
  EXPECT_EQ(render(q, p, OutputFormat::Csv), "host,min(bytes),count\na,100,2\nb,100,1\nc,-,1\n");
}

TEST(RenderAggregates, BucketLeadsTheKeyColumns) {
  const auto q = query(Command::Count, {Field::Status}, "count", 3600);
  EXPECT_EQ(render(q, mapped(q, kHits), OutputFormat::Csv),
            "bucket,status,count\n"
            "2015-05-17T10:00:00Z,200,2\n"
            "2015-05-17T11:00:00Z,404,1\n"
            "2015-05-17T11:00:00Z,1000,1\n"
            "2015-05-17T12:00:00Z,304,1\n");
}

TEST(RenderAggregates, ATotalOverNothingIsOneRow) {
  const auto q = query(Command::Count, {}, "count,sum(bytes),p95(bytes)");
  EXPECT_EQ(render(q, workers::Partial{}, OutputFormat::Tsv, true),
            "count\tsum(bytes)\tp95(bytes)\n0\t0\t-\n");
}

TEST(RenderAggregates, AResultOfAnotherQueryIsRefused) {
  const auto q = query(Command::Count, {Field::Status}, "count,sum(bytes)");
  const auto other = query(Command::Count, {Field::Status}, "count,distinct(host)");
  EXPECT_THROW((void)render(q, mapped(other, kHits), OutputFormat::Tsv), std::runtime_error);
}

}  // namespace
}  // namespace logmill::engine
