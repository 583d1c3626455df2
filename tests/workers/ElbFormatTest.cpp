#include <gtest/gtest.h>

#include <string>

#include "tests/workers/formatTesting.hpp"
#include "workers/parse/ElbFormat.hpp"

namespace logmill::workers {
namespace {

using testing::extraOf;
using testing::readLine;

const std::string kLine =
    "2026-11-30T08:00:03.945958Z web-lb 192.0.2.12:2817 10.0.0.2:80 0.000073 0.500000 0.000057 "
    "404 404 0 366 \"GET https://www.example.org:443/robots.txt HTTP/1.1\" \"Googlebot/2.1 "
    "(+http://www.google.com/bot.html)\" DHE-RSA-AES128-SHA TLSv1.2";

TEST(ElbFormat, MapsTheCommonFields) {
  ElbFormat format;
  LogRecord r;
  ASSERT_EQ(readLine(format, kLine, r), LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.12");
  EXPECT_EQ(r.timeSyntax, TimeSyntax::Iso8601);
  ASSERT_TRUE(r.time());
  EXPECT_EQ(r.time()->epochSeconds, 1796025603);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/robots.txt");
  EXPECT_EQ(r.vhost, "www.example.org");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.bytes, 366);
  EXPECT_EQ(r.durationMicros, 500000);  // backend_processing_time
  EXPECT_EQ(r.agent, "Googlebot/2.1 (+http://www.google.com/bot.html)");
  EXPECT_EQ(extraOf(format, r, "elb"), "web-lb");
  EXPECT_EQ(extraOf(format, r, "backend"), "10.0.0.2:80");
  EXPECT_EQ(extraOf(format, r, "elb_status_code"), "404");
  EXPECT_EQ(extraOf(format, r, "backend_processing_time"), "0.500000");
  EXPECT_EQ(extraOf(format, r, "ssl_protocol"), "TLSv1.2");
}

TEST(ElbFormat, TcpListenerLinesAndUnansweredRequests) {
  ElbFormat format;
  LogRecord r;
  ASSERT_EQ(readLine(format,
                     "2026-11-30T08:00:06.945958Z web-lb 192.0.2.10:40915 10.0.0.1:80 0.000073 "
                     "0.001000 0.000057 200 200 0 29 \"GET http://www.example.org:80/health "
                     "HTTP/1.1\"",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.path, "/health");
  EXPECT_EQ(r.agent, "");
  ASSERT_EQ(readLine(format,
                     "2026-11-30T08:00:04.945958Z web-lb 198.51.100.7:443 - -1 -1 -1 504 0 0 0 "
                     "\"POST https://api.example.org:443/v1 HTTP/1.1\" \"sdk\" - -",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.durationMicros, -1);
  EXPECT_EQ(r.status, 504);
}

TEST(ElbFormat, OtherLinesAreMalformed) {
  ElbFormat format;
  LogRecord r;
  for (const std::string& line : {
           std::string("192.0.2.10 - - [30/Nov/2026:08:00:06 +0000] \"GET / HTTP/1.1\" 200 5"),
           "http " + kLine,                                                 // an ALB line's shape
           kLine.substr(0, 100), std::string(kLine).replace(0, 4, "20x6"),  // not a time
           std::string(kLine).replace(kLine.find("\"GET"), 1, ""),          // unquoted request
       }) {
    EXPECT_EQ(readLine(format, line, r), LineKind::Malformed) << line;
  }
}

}  // namespace
}  // namespace logmill::workers
