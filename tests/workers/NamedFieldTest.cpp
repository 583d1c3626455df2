#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "workers/base/ByteCodec.hpp"
#include "workers/parse/FieldScope.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/LogFormat.hpp"
#include "workers/parse/NamedField.hpp"
#include "workers/parse/W3cFormat.hpp"
#include "workers/query/AggregatePlan.hpp"
#include "workers/query/AggregateSpec.hpp"
#include "workers/query/GroupKey.hpp"
#include "workers/query/Predicate.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kNginx =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
    R"($request_time $upstream_response_time "$http_x_forwarded_for")";
const std::string kLine =
    R"(192.0.2.10 - - [30/Nov/2026:08:00:01 +0000] "GET /a HTTP/1.1" 200 5120 0.012 0.250 "203.0.113.9")";

TEST(NamedField, SameNameSameFieldAndItsName) {
  const Field a = namedField("upstream_response_time");
  EXPECT_TRUE(isNamedField(a));
  EXPECT_EQ(namedField("upstream_response_time"), a);
  EXPECT_NE(namedField("request_length"), a);
  EXPECT_EQ(fieldName(a), "upstream_response_time");
  EXPECT_GE(static_cast<int>(a), static_cast<int>(Field::Duration) + 3);
}

TEST(NamedField, NumbersAreMillionths) {
  std::int64_t v = 0;
  ASSERT_TRUE(parseNamedNumber("0.25", v));
  EXPECT_EQ(v, 250000);
  ASSERT_TRUE(parseNamedNumber("512", v));
  EXPECT_EQ(v, 512000000);
  ASSERT_TRUE(parseNamedNumber("-1.5", v));
  EXPECT_EQ(v, -1500000);
  EXPECT_FALSE(parseNamedNumber("-", v));
  EXPECT_FALSE(parseNamedNumber("", v));
  EXPECT_FALSE(parseNamedNumber("0.1, 0.2", v));
  EXPECT_FALSE(parseNamedNumber("1.1234567", v));
}

TEST(NginxExtras, EveryOtherVariableIsAnExtraByName) {
  const LogFormat format = LogFormat::compileNginx(kNginx);
  EXPECT_THAT(
      std::vector<std::string>(format.extraFieldNames().begin(), format.extraFieldNames().end()),
      ElementsAre("upstream_response_time", "http_x_forwarded_for"));
  LogRecord record;
  ASSERT_TRUE(format.parse(kLine, record));
  ASSERT_EQ(record.extraCount, 2);
  EXPECT_EQ(record.extras[0], "0.250");
  EXPECT_EQ(record.extras[1], "203.0.113.9");
  EXPECT_EQ(record.durationMicros, 12000);
  EXPECT_EQ(format.commonFieldFor("remote_addr"), Field::Host);
  EXPECT_EQ(format.commonFieldFor("request_time"), Field::Duration);
  EXPECT_EQ(format.commonFieldFor("upstream_response_time"), std::nullopt);
}

TEST(ApacheExtras, HeaderDirectivesAreNamed) {
  const LogFormat format =
      LogFormat::compile(R"(%h %t "%r" %>s %b "%{X-Forwarded-For}i" %{Content-Type}o %P)");
  EXPECT_THAT(
      std::vector<std::string>(format.extraFieldNames().begin(), format.extraFieldNames().end()),
      ElementsAre("header_x_forwarded_for", "resp_header_content_type", "pid"));
  LogRecord record;
  ASSERT_TRUE(format.parse(
      R"(192.0.2.1 [30/Nov/2026:08:00:01 +0000] "GET / HTTP/1.1" 200 5 "198.51.100.2" text/html 4242)",
      record));
  ASSERT_EQ(record.extraCount, 3);
  EXPECT_EQ(record.extras[0], "198.51.100.2");
  EXPECT_EQ(record.extras[2], "4242");
}

TEST(CombinedShape, StaysWithoutExtras) {
  // The specialised combined scan has no extras to fill: a combined nginx
  // string must still compile to it (same steps as Apache's combined).
  const LogFormat format = LogFormat::compileNginx(
      R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
      R"("$http_referer" "$http_user_agent")");
  EXPECT_TRUE(format.extraFieldNames().empty());
  const LogFormat apache = LogFormat::compile(kCombinedLogFormat);
  LogRecord a, b;
  const std::string line =
      R"(192.0.2.1 - - [30/Nov/2026:08:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "curl")";
  ASSERT_TRUE(format.parse(line, a));
  ASSERT_TRUE(apache.parse(line, b));
  EXPECT_EQ(a.agent, b.agent);
}

TEST(LineParserNamed, FillsNamedFieldsPerFormatAndAbsentIsEmpty) {
  LineParser parser(kNginx);
  const Field upstream = namedField("upstream_response_time");
  const Field missing = namedField("ssl_protocol");
  const std::vector<Field> fields{upstream, missing, Field::Host};
  parser.readNamedFields(fields);
  LogRecord record;
  ASSERT_TRUE(parser.parse(kLine, record));
  std::string out;
  appendFieldValue(record, upstream, out);
  EXPECT_EQ(out, "0.250");
  out.clear();
  appendFieldValue(record, missing, out);
  EXPECT_EQ(out, "-");
}

TEST(LineParserNamed, NamedFieldsAreFilledWhateverMaskTheCallerPasses) {
  // A W3C format skips its extras unless FieldMask::kExtras asks for them;
  // LineParser asks whenever named fields are read, so a query whose own
  // mask names only the status still gets x_edge_location.
  const std::string_view lines[] = {
      "#Fields: date time x-edge-location c-ip sc-status",
      "2026-11-30\t08:00:01\tIAD89-P1\t192.0.2.1\t200",
  };
  W3cFormat format = W3cFormat::generic(true);
  LogRecord bare;
  ASSERT_EQ(format.read(lines[0], bare, FieldMask::kStatus), LineKind::Directive);
  ASSERT_EQ(format.read(lines[1], bare, FieldMask::kStatus), LineKind::Record);
  EXPECT_EQ(bare.extraCount, 0);
  EXPECT_EQ(bare.status, 200);

  LineParser parser("w3c");
  const Field edge = namedField("x_edge_location");
  parser.readNamedFields(std::vector<Field>{edge});
  LogRecord record;
  ASSERT_EQ(parser.read(lines[0], record, FieldMask::kStatus), LineKind::Directive);
  ASSERT_TRUE(parser.parse(lines[1], record, FieldMask::kStatus));
  std::string out;
  appendFieldValue(record, edge, out);
  EXPECT_EQ(out, "IAD89-P1");
  EXPECT_EQ(record.status, 200);
}

TEST(LineParserNamed, AutoResolvesPerFormatThatReadTheLine) {
  // Under auto a combined line has none of the field: `-`, never a stale value.
  LineParser parser("auto");
  const Field upstream = namedField("upstream_response_time");
  const std::vector<Field> fields{upstream};
  parser.readNamedFields(fields);
  LogRecord record;
  ASSERT_TRUE(parser.parse(
      R"(192.0.2.1 - - [30/Nov/2026:08:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "curl")", record));
  std::string out;
  appendFieldValue(record, upstream, out);
  EXPECT_EQ(out, "-");
}

TEST(FieldScope, FixedFormatKnowsItsNamesAndAliases) {
  const FieldScope scope(kNginx);
  EXPECT_EQ(scope.find("status"), Field::Status);
  EXPECT_EQ(scope.find("remote_addr"), Field::Host);
  EXPECT_EQ(scope.find("upstream_response_time"), namedField("upstream_response_time"));
  EXPECT_EQ(scope.find("ssl_protocol"), std::nullopt);
  EXPECT_EQ(scope.formatFieldNames(), "upstream_response_time, http_x_forwarded_for");
  EXPECT_EQ(FieldScope("auto").formatFieldNames(), "");
  const FieldScope combined("combined");
  EXPECT_EQ(combined.find("upstream_response_time"), std::nullopt);
  try {
    (void)resolveField("ssl_protocol", &scope);
    FAIL() << "resolved an unknown name";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("this log format's own: upstream_response_time"));
  }
}

TEST(WhereNamed, NumbersCompareNumericallyTextAsText) {
  const FieldScope scope(kNginx);
  LineParser parser(kNginx);
  const Predicate slow("upstream_response_time > 0.2", &scope);
  const Predicate fast("upstream_response_time < 0.2", &scope);
  const Predicate forwarded("http_x_forwarded_for == \"203.0.113.9\"", &scope);
  std::vector<Field> fields = slow.fields();
  fields.push_back(namedField("http_x_forwarded_for"));
  parser.readNamedFields(fields);
  LogRecord record;
  ASSERT_TRUE(parser.parse(kLine, record));
  EXPECT_TRUE(slow.matches(record));
  EXPECT_FALSE(fast.matches(record));
  EXPECT_TRUE(forwarded.matches(record));
  // A value that is no number (`-`) compares as nothing, != included.
  const std::string dash =
      R"(192.0.2.10 - - [30/Nov/2026:08:00:01 +0000] "GET /a HTTP/1.1" 200 5120 0.012 - "-")";
  const Predicate notHalf("upstream_response_time != 0.5", &scope);
  ASSERT_TRUE(parser.parse(dash, record));
  EXPECT_FALSE(notHalf.matches(record));
  EXPECT_FALSE(slow.matches(record));
}

TEST(WhereNamed, UnknownNameWithoutScopeIsAnError) {
  EXPECT_THROW(Predicate("upstream_response_time > 1"), ExpressionError);
}

TEST(AggregateNamed, ParsesAsNumbersAndPrintsDecimals) {
  const FieldScope scope(kNginx);
  const auto specs =
      parseAggregates("p99(upstream_response_time),sum(upstream_response_time)", &scope);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(aggregateName(specs[0]), "p99(upstream_response_time)");
  EXPECT_TRUE(isOrderedNumber(specs[0].field));
  EXPECT_THROW((void)parseAggregates("sum(nope)", &scope), AggregateError);
  EXPECT_THROW((void)parseAggregates("sum(upstream_response_time)"), AggregateError);
}

TEST(QueryNamed, EncodingCarriesNamesNotNumbers) {
  Query q;
  q.command = Command::Count;
  q.logFormat = std::string(kNginx);
  q.by = {namedField("http_x_forwarded_for"), Field::Status};
  q.aggregates = {{AggregateKind::Percentile, namedField("upstream_response_time"), 99}};
  const std::string bytes = q.encode();
  EXPECT_NE(bytes.find("http_x_forwarded_for"), std::string::npos);
  EXPECT_NE(bytes.find("upstream_response_time"), std::string::npos);
  EXPECT_EQ(Query::decode(bytes), q);
}

TEST(QueryNamed, DecodeRefusesNamedFieldsItWasNotGiven) {
  const auto encoded = [](std::string_view name, std::uint64_t byWire) {
    ByteWriter w;
    w.raw("LMQ");
    w.varint(3);
    w.varint(name.empty() ? 0 : 1);
    if (!name.empty()) w.bytes(name);
    w.varint(static_cast<std::uint64_t>(Command::Count));
    w.varint(1);
    w.varint(byWire);
    w.bytes("");      // where
    w.bytes("auto");  // log format
    w.varint(10);     // top n
    w.varint(0);      // aggregates
    w.varint(0);      // bucket
    w.varint(0);      // approx
    return w.take();
  };
  const auto first = static_cast<std::uint64_t>(kFirstNamedField);
  EXPECT_EQ(Query::decode(encoded("tenant", first)).by.front(), namedField("tenant"));
  EXPECT_THROW((void)Query::decode(encoded("", first)), DecodeError);            // no names
  EXPECT_THROW((void)Query::decode(encoded("tenant", first + 1)), DecodeError);  // past them
  EXPECT_THROW((void)Query::decode(encoded("bad name", first)), DecodeError);    // not a name
}

}  // namespace
}  // namespace logmill::workers
