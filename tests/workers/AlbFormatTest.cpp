#include <gtest/gtest.h>

#include <string>

#include "tests/workers/formatTesting.hpp"
#include "workers/parse/AlbFormat.hpp"

namespace logmill::workers {
namespace {

using testing::extraOf;
using testing::readLine;

const std::string kLine =
    "https 2026-11-30T08:00:02.086460Z app/web-lb/50dc6c495c0c9188 192.0.2.11:46532 "
    "10.0.0.1:443 0.001 0.048 0.000 200 201 244 40960 "
    "\"GET https://www.example.org:443/img/logo.png?v=2 HTTP/1.1\" \"Mozilla/5.0 (X11) "
    "Firefox/120.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
    "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/web/73e2d6bc24d8a067 "
    "\"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"shop.example.org\" \"arn:aws:acm:cert\" 1 "
    "2026-11-30T08:00:02.036000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:443\" \"201\" "
    "\"-\" \"-\" TID_1235";

TEST(AlbFormat, MapsTheCommonFields) {
  AlbFormat format;
  LogRecord r;
  ASSERT_EQ(readLine(format, kLine, r), LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.11");
  EXPECT_EQ(r.timeText, "2026-11-30T08:00:02.086460Z");
  EXPECT_EQ(r.timeSyntax, TimeSyntax::Iso8601);
  ASSERT_TRUE(r.time());
  EXPECT_EQ(r.time()->epochSeconds, 1796025602);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/img/logo.png?v=2");
  EXPECT_EQ(r.protocol, "HTTP/1.1");
  EXPECT_EQ(r.status, 200);  // elb_status_code: what the client got
  EXPECT_EQ(r.bytes, 40960);
  EXPECT_EQ(r.durationMicros, 48000);  // target_processing_time
  EXPECT_EQ(r.agent, "Mozilla/5.0 (X11) Firefox/120.0");
  EXPECT_EQ(r.vhost, "shop.example.org");  // domain_name wins over the URL's host
}

TEST(AlbFormat, ExposesItsOwnFieldsByName) {
  AlbFormat format;
  LogRecord r;
  ASSERT_EQ(readLine(format, kLine, r), LineKind::Record);
  EXPECT_EQ(r.extraCount, AlbFormat::kExtraCount);
  EXPECT_EQ(extraOf(format, r, "type"), "https");
  EXPECT_EQ(extraOf(format, r, "elb_status_code"), "200");
  EXPECT_EQ(extraOf(format, r, "target_status_code"), "201");
  EXPECT_EQ(extraOf(format, r, "target_processing_time"), "0.048");
  EXPECT_EQ(extraOf(format, r, "request_processing_time"), "0.001");
  EXPECT_EQ(extraOf(format, r, "trace_id"), "Root=1-58337281-1d84f3d73c47ec4e58577259");
  EXPECT_EQ(extraOf(format, r, "actions_executed"), "authenticate,forward");
  EXPECT_EQ(extraOf(format, r, "conn_trace_id"), "TID_1235");
  EXPECT_EQ(extraOf(format, r, "classification"), "-");
}

TEST(AlbFormat, ToleratesFieldsAwsAddsLaterAndOlderShorterLines) {
  AlbFormat format;
  LogRecord r;
  EXPECT_EQ(readLine(format, kLine + " \"new field\" another 42", r), LineKind::Record);
  // A 2016 line ends at trace_id.
  const std::string old =
      "http 2016-08-10T22:08:42.945958Z app/my-lb/50dc6c495c0c9188 192.0.2.1:2817 10.0.0.1:80 "
      "0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" "
      "\"curl/7.46.0\" - - arn:aws:elasticloadbalancing:tg \"Root=1-58337262-36d228ad5d99923\"";
  ASSERT_EQ(readLine(format, old, r), LineKind::Record);
  EXPECT_EQ(r.vhost, "www.example.com");  // no domain_name: the URL's host
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(extraOf(format, r, "domain_name"), "");
}

TEST(AlbFormat, MinusOneTimesAreAbsentAndUrlWithoutPathIsRoot) {
  AlbFormat format;
  LogRecord r;
  const std::string line =
      "https 2026-11-30T08:00:04.186641Z app/web-lb/50 2001:db8::7:443 - -1 -1 -1 503 - 34 366 "
      "\"POST https://api.example.org:443 HTTP/1.1\" \"-\" - - - \"Root=1-5\"";
  ASSERT_EQ(readLine(format, line, r), LineKind::Record);
  EXPECT_EQ(r.host, "2001:db8::7");
  EXPECT_EQ(r.durationMicros, -1);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.vhost, "api.example.org");
}

TEST(AlbFormat, OtherLinesAreMalformed) {
  AlbFormat format;
  LogRecord r;
  for (const std::string& line : {
           std::string("192.0.2.10 - - [30/Nov/2026:08:00:06 +0000] \"GET / HTTP/1.1\" 200 5"),
           std::string("2026-11-30T08:00:01.945958Z web-lb 192.0.2.10:2817 10.0.0.1:80 0.000073 "
                       "0.012 0.000057 200 200 0 5120 \"GET http://a/ HTTP/1.1\" \"c\" - -"),
           kLine.substr(0, 120),                                          // cut short
           "ftp" + kLine.substr(5),                                       // unknown type
           std::string(kLine).replace(kLine.find(" 200 "), 5, " 2000 "),  // bad status
           std::string(""),
       }) {
    EXPECT_EQ(readLine(format, line, r), LineKind::Malformed) << line;
  }
}

}  // namespace
}  // namespace logmill::workers
