#include <gtest/gtest.h>

#include <string>

#include "tests/workers/formatTesting.hpp"
#include "workers/parse/S3Format.hpp"

namespace logmill::workers {
namespace {

using testing::extraOf;
using testing::readLine;

const std::string kLine =
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be example-bucket "
    "[30/Nov/2026:08:00:02 +0000] 192.0.2.11 - 891CE47D2EXAMPLE REST.GET.OBJECT img/logo.png "
    "\"GET /example-bucket/img/logo.png HTTP/1.1\" 200 - 40960 40961 48 40 "
    "\"https://www.example.org/\" \"Mozilla/5.0 (X11)\" - Iko0dGNMwlsMtIRpMBHn5jv= SigV4 "
    "ECDHE-RSA-AES128-GCM-SHA256 - example-bucket.s3.us-west-1.amazonaws.com TLSv1.2 "
    "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes";

TEST(S3Format, MapsTheCommonFields) {
  S3Format format;
  LogRecord r;
  ASSERT_EQ(readLine(format, kLine, r), LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.11");
  EXPECT_EQ(r.user, "-");
  EXPECT_EQ(r.timeText, "30/Nov/2026:08:00:02 +0000");
  EXPECT_EQ(r.timeSyntax, TimeSyntax::Clf);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/example-bucket/img/logo.png");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.bytes, 40960);           // bytes_sent, not object_size
  EXPECT_EQ(r.durationMicros, 48000);  // total_time, ms
  EXPECT_EQ(r.referrer, "https://www.example.org/");
  EXPECT_EQ(r.agent, "Mozilla/5.0 (X11)");
  EXPECT_EQ(r.vhost, "example-bucket.s3.us-west-1.amazonaws.com");
  EXPECT_EQ(extraOf(format, r, "bucket"), "example-bucket");
  EXPECT_EQ(extraOf(format, r, "operation"), "REST.GET.OBJECT");
  EXPECT_EQ(extraOf(format, r, "key"), "img/logo.png");
  EXPECT_EQ(extraOf(format, r, "object_size"), "40961");
  EXPECT_EQ(extraOf(format, r, "acl_required"), "Yes");
}

TEST(S3Format, OlderShorterAndNewerLongerLines) {
  S3Format format;
  LogRecord r;
  const std::string old =
      "79a5 example-bucket [30/Nov/2026:08:00:05 +0000] 192.0.2.10 79a5 3E57427F3EXAMPLE "
      "REST.GET.VERSIONING - \"GET /example-bucket?versioning HTTP/1.1\" 200 - 113 - 7 - \"-\" "
      "\"S3Console/0.4\"";
  ASSERT_EQ(readLine(format, old, r), LineKind::Record);
  EXPECT_EQ(r.bytes, 113);
  EXPECT_EQ(r.vhost, "");
  EXPECT_EQ(extraOf(format, r, "host_id"), "");
  EXPECT_EQ(readLine(format, kLine + " future \"more\"", r), LineKind::Record);
  const std::string notFound =
      std::string(old).replace(old.find(" 200 - 113"), 10, " 404 NoSuchKey -");
  ASSERT_EQ(readLine(format, notFound, r), LineKind::Record);  // r's views point into it
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.bytes, -1);
  EXPECT_EQ(extraOf(format, r, "error_code"), "NoSuchKey");
}

TEST(S3Format, OtherLinesAreMalformed) {
  S3Format format;
  LogRecord r;
  for (const std::string& line : {
           std::string("192.0.2.10 - - [30/Nov/2026:08:00:06 +0000] \"GET / HTTP/1.1\" 200 5"),
           std::string("owner bucket [30/Nov/2026:08:00:06] 192.0.2.1 - id op key \"GET / "
                       "HTTP/1.1\" 200 - 1 1 1 1 \"-\" \"ua\""),  // no zone
           kLine.substr(0, 200),
           std::string(kLine).replace(kLine.find(" 48 40 "), 7, " 4.8 40 "),
       }) {
    EXPECT_EQ(readLine(format, line, r), LineKind::Malformed) << line;
  }
}

}  // namespace
}  // namespace logmill::workers
