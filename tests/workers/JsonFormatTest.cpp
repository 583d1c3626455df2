#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "workers/parse/FieldScope.hpp"
#include "workers/parse/JsonFormat.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/NamedField.hpp"

namespace logmill::workers {
namespace {

using ::testing::HasSubstr;

LineKind readJson(JsonFormat& format, const std::string& line, LogRecord& out) {
  out = LogRecord{};
  return format.read(line, out, FieldMask::all());
}

/// `{"a":{"a":...{"a":1}...},"status":200,"request":"GET / HTTP/1.1"}`, `depth` objects deep.
std::string nested(int depth) {
  std::string inner = "1";
  for (int i = 1; i < depth; ++i) inner = "{\"a\":" + inner + "}";
  return "{\"a\":" + inner + ",\"status\":200,\"request\":\"GET / HTTP/1.1\"}";
}

TEST(JsonFormat, NginxEscapeJsonLayout) {
  JsonFormat format;
  LogRecord r;
  ASSERT_EQ(readJson(format,
                     R"({"time_local":"30/Nov/2026:08:00:01 +0000","remote_addr":"192.0.2.10",)"
                     R"("request":"GET /a\u0022b?x=1 HTTP/1.1","status":"200",)"
                     R"("body_bytes_sent":"-","request_time":"0.012","http_user_agent":"curl"})",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.10");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/a\"b?x=1");  // unescaped into the parser's storage
  EXPECT_EQ(r.protocol, "HTTP/1.1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.bytes, -1);
  EXPECT_EQ(r.durationMicros, 12000);
  EXPECT_EQ(r.agent, "curl");
  ASSERT_TRUE(r.time());
  EXPECT_EQ(r.time()->epochSeconds, 1796025601);
}

TEST(JsonFormat, CaddyDefaultLayout) {
  JsonFormat format;
  LogRecord r;
  ASSERT_EQ(readJson(format,
                     R"({"level":"info","ts":1796025601.5,"msg":"handled request","request":)"
                     R"({"remote_ip":"192.0.2.20","proto":"HTTP/2.0","method":"GET","host":)"
                     R"("example.com:443","uri":"/x","headers":{"User-Agent":["curl/8.4.0"]}},)"
                     R"("duration":0.25,"size":10900,"status":404})",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.20");
  EXPECT_EQ(r.vhost, "example.com");
  EXPECT_EQ(r.path, "/x");
  EXPECT_EQ(r.request, "GET /x HTTP/2.0");
  EXPECT_EQ(r.agent, "curl/8.4.0");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.bytes, 10900);
  EXPECT_EQ(r.durationMicros, 250000);
  ASSERT_TRUE(r.time());
  EXPECT_EQ(r.time()->epochSeconds, 1796025601);
}

TEST(JsonFormat, TraefikLayout) {
  JsonFormat format;
  LogRecord r;
  ASSERT_EQ(readJson(format,
                     R"({"ClientHost":"192.0.2.30","DownstreamContentSize":1234,)"
                     R"("DownstreamStatus":503,"Duration":1500000000,"RequestMethod":"POST",)"
                     R"("RequestPath":"/o","RequestProtocol":"HTTP/1.1",)"
                     R"("StartUTC":"2026-11-30T08:00:01.123456789Z","request_User-Agent":"ua"})",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.30");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.bytes, 1234);
  EXPECT_EQ(r.durationMicros, 1500000);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.agent, "ua");
  ASSERT_TRUE(r.time());
  EXPECT_EQ(r.time()->epochSeconds, 1796025601);
}

TEST(JsonFormat, CustomFieldsWithNestedKeys) {
  JsonFormat format("host=client.ip,status=code,path=target,duration=took");
  LogRecord r;
  ASSERT_EQ(
      readJson(format, R"({"client":{"ip":"192.0.2.40"},"code":200,"target":"/x","took":0.5})", r),
      LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.40");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.path, "/x");
  EXPECT_EQ(r.durationMicros, 500000);
  EXPECT_EQ(format.commonFieldFor("code"), Field::Status);
  EXPECT_THROW(JsonFormat("colour=c"), std::invalid_argument);
  EXPECT_THROW(JsonFormat("host"), std::invalid_argument);
  EXPECT_THROW(JsonFormat("host=a..b"), std::invalid_argument);
}

TEST(JsonFormat, BadLinesAreMalformed) {
  JsonFormat format;
  LogRecord r;
  const std::string ok = R"({"status":200,"request":"GET / HTTP/1.1"})";
  ASSERT_EQ(readJson(format, ok, r), LineKind::Record);
  for (const std::string& bad : {
           std::string(R"({"status":200})"),                               // no request
           std::string(R"({"request":"GET / HTTP/1.1"})"),                 // no status
           std::string(R"({"status":"2x0","request":"GET / HTTP/1.1"})"),  // bad status
           std::string(R"({"status":true,"request":"GET / HTTP/1.1"})"),   // wrong type
           std::string(R"({"status":200,"request":"GET / HTTP/1.1","remote_addr":7})"),
           std::string(R"({"status":200,"status":200,"request":"GET / HTTP/1.1"})"),  // duplicate
           std::string(R"({"x":1,"x":2,"status":200,"request":"GET / HTTP/1.1"})"),   // duplicate
           ok + " x",                                                                 // trailing
           ok + "{}",                                                                 // trailing
           std::string(R"({"status":200,"request":"GET /)") + "\xff" + R"( HTTP/1.1"})",  // UTF-8
           std::string(R"({"status":200,"request":"GET / HTTP/1.1")"),  // truncated
           std::string("[1,2]"),
           std::string(""),
       }) {
    EXPECT_EQ(readJson(format, bad, r), LineKind::Malformed) << bad;
  }
}

TEST(JsonFormat, DepthEightIsTheLimit) {
  JsonFormat format;
  LogRecord r;
  EXPECT_EQ(readJson(format, nested(7), r), LineKind::Record);  // 8 with the line's own object
  EXPECT_EQ(readJson(format, nested(8), r), LineKind::Malformed);
}

TEST(JsonFormat, TopLevelScalarsAreNamedFields) {
  LineParser parser("json");
  const FieldScope scope("json");
  const auto tenant = scope.find("tenant");
  const auto retries = scope.find("RetryAttempts");
  ASSERT_TRUE(tenant && retries);
  EXPECT_EQ(scope.find("remote_addr"), Field::Host);
  const std::vector<Field> fields{*tenant, *retries};
  parser.readNamedFields(fields);
  LogRecord r;
  ASSERT_TRUE(parser.parse(
      R"({"status":200,"request":"GET / HTTP/1.1","tenant":"acme","RetryAttempts":3})", r));
  std::string out;
  appendFieldValue(r, *tenant, out);
  out += ' ';
  appendFieldValue(r, *retries, out);
  EXPECT_EQ(out, "acme 3");
  // The next line lacks both: absent, not the last line's values.
  ASSERT_TRUE(parser.parse(R"({"status":200,"request":"GET / HTTP/1.1"})", r));
  out.clear();
  appendFieldValue(r, *tenant, out);
  EXPECT_EQ(out, "-");
}

TEST(JsonFormat, AutoDetectsAndKnowsOnlyPresetNames) {
  LineParser parser("auto");
  LogRecord r;
  ASSERT_TRUE(parser.parse(R"({"status":200,"request":"GET /j HTTP/1.1"})", r));
  EXPECT_EQ(parser.lastFormatName(), "json");
  EXPECT_EQ(r.path, "/j");
  const FieldScope scope("auto");
  EXPECT_TRUE(scope.find("upstream_response_time"));
  EXPECT_FALSE(scope.find("tenant"));  // a typo under auto is an error, not `-`
}

}  // namespace
}  // namespace logmill::workers
