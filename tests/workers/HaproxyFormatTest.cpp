#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/workers/formatTesting.hpp"
#include "workers/parse/HaproxyFormat.hpp"

namespace logmill::workers {
namespace {

using testing::extraOf;
using testing::readLine;

const std::string kBody =
    "192.0.2.11:46532 [30/Nov/2026:08:00:02.036] https-in~ static/srv2 1/2/3/45/48 200 40960 - "
    "- ---- 2/3/4/5/0 6/7 {www.example.org|Mozilla/5.0 (X11; Linux x86_64)} {} \"GET "
    "/img/logo.png HTTP/1.1\"";

TEST(HaproxyFormat, MapsTheCommonFieldsWithOrWithoutASyslogPrefix) {
  for (const std::string prefix : {"Nov 30 08:00:02 lb1 haproxy[14389]: ",
                                   "<134>Nov 30 08:00:02 lb1 haproxy[1]: ", "haproxy[7]: ", ""}) {
    HaproxyFormat format;
    LogRecord r;
    const std::string line = prefix + kBody;  // the record's views point into it
    ASSERT_EQ(readLine(format, line, r), LineKind::Record) << prefix;
    EXPECT_EQ(r.host, "192.0.2.11");
    EXPECT_EQ(r.timeText, "30/Nov/2026:08:00:02 +0000");
    ASSERT_TRUE(r.time());
    EXPECT_EQ(r.time()->epochSeconds, 1796025602);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.path, "/img/logo.png");
    EXPECT_EQ(r.protocol, "HTTP/1.1");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.bytes, 40960);
    EXPECT_EQ(r.durationMicros, 48000);  // Ta
    EXPECT_EQ(extraOf(format, r, "frontend_name"), "https-in~");
    EXPECT_EQ(extraOf(format, r, "backend_name"), "static");
    EXPECT_EQ(extraOf(format, r, "server_name"), "srv2");
    EXPECT_EQ(extraOf(format, r, "tq"), "1");
    EXPECT_EQ(extraOf(format, r, "tw"), "2");
    EXPECT_EQ(extraOf(format, r, "tc"), "3");
    EXPECT_EQ(extraOf(format, r, "tr"), "45");
    EXPECT_EQ(extraOf(format, r, "ta"), "48");
    EXPECT_EQ(extraOf(format, r, "termination_state"), "----");
    EXPECT_EQ(extraOf(format, r, "feconn"), "3");
    EXPECT_EQ(extraOf(format, r, "srv_conn"), "5");
    EXPECT_EQ(extraOf(format, r, "backend_queue"), "7");
    EXPECT_EQ(extraOf(format, r, "captured_request_headers"),
              "www.example.org|Mozilla/5.0 (X11; Linux x86_64)");
    EXPECT_EQ(extraOf(format, r, "captured_response_headers"), "");
  }
}

TEST(HaproxyFormat, AbortedRequestsAndLogasapValues) {
  HaproxyFormat format;
  LogRecord r;
  ASSERT_EQ(readLine(format,
                     "192.0.2.10:40914 [30/Nov/2026:08:00:05.100] http-in web/srv1 5/0/0/-1/+7 -1 "
                     "+0 - - CR-- 1/1/0/0/+1 0/0 \"<BADREQ>\"",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.status, -1);
  EXPECT_EQ(r.bytes, 0);
  EXPECT_EQ(r.durationMicros, 7000);
  EXPECT_EQ(r.path, "<BADREQ>");
  ASSERT_EQ(
      readLine(format,
               "192.0.2.10:40914 [30/Nov/2026:08:00:05.100] http-in web/<NOSRV> 0/-1/-1/-1/-1 "
               "503 212 - - SC-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"",
               r),
      LineKind::Record);
  EXPECT_EQ(r.durationMicros, -1);
}

TEST(HaproxyFormat, ARequestHoldingWhatLooksLikeATagIsStillRead) {
  HaproxyFormat format;
  LogRecord r;
  ASSERT_EQ(readLine(format,
                     "192.0.2.10:40914 [30/Nov/2026:08:00:05.100] http-in web/srv1 0/0/0/1/2 200 "
                     "5 - - ---- 1/1/0/0/0 0/0 \"GET /a[1]: b HTTP/1.1\"",
                     r),
            LineKind::Record);
  EXPECT_EQ(r.path, "/a[1]: b");
}

TEST(HaproxyFormat, OtherLinesAreMalformed) {
  HaproxyFormat format;
  LogRecord r;
  for (const std::string& line : {
           std::string("192.0.2.10 - - [30/Nov/2026:08:00:06 +0000] \"GET / HTTP/1.1\" 200 5"),
           std::string("Nov 30 08:00:06 lb1 haproxy[14389]: Proxy http-in started."),
           kBody.substr(0, kBody.size() - 1),  // unterminated request
           std::string(kBody).replace(kBody.find("1/2/3/45/48"), 11, "1/2/3/45"),  // 4 timers
           std::string(kBody).replace(kBody.find("2026:08"), 7, "2026-08"),
           std::string(kBody).replace(kBody.find(" 200 "), 5, " 20 "),
       }) {
    EXPECT_EQ(readLine(format, line, r), LineKind::Malformed) << line;
  }
}

TEST(HaproxyFormat, SlashSeparatedNumbersAreExactlyTheirCount) {
  // Timers (5), connection counts (5) and queues (2): each part 1-18 digits
  // after at most one sign, nothing empty, nothing after the last.
  const auto with = [](std::string_view from, std::string_view to) {
    std::string line = kBody;
    return line.replace(line.find(from), from.size(), to);
  };
  HaproxyFormat format;
  LogRecord r;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"1/2/3/45/48", "+1/-2/3/45/+48"},
           {"1/2/3/45/48", "1/2/3/999999999999999999/48"},
           {"2/3/4/5/0", "+2/3/4/5/-1"},
           {"6/7", "-6/+7"}}) {
    EXPECT_EQ(readLine(format, with(from, to), r), LineKind::Record) << to;
  }
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"1/2/3/45/48", "1/2/3/45/48/"},
           {"1/2/3/45/48", "/1/2/3/45/48"},
           {"1/2/3/45/48", "1/2//45/48"},
           {"1/2/3/45/48", "1/2/3/45/48/9"},
           {"1/2/3/45/48", "1/2/3/1000000000000000000/48"},  // 19 digits
           {"1/2/3/45/48", "1/2/3/45/+-48"},
           {"1/2/3/45/48", "1/2/3/45/-"},
           {"1/2/3/45/48", "1/2/3/4x/48"},
           {"2/3/4/5/0", "2/3/4/5"},
           {"2/3/4/5/0", "2/3/4/5/0/0"},
           {"6/7", "6"},
           {"6/7", "6/7/8"},
           {"6/7", "6/"},
           {"static/srv2", "static-srv2"}}) {
    EXPECT_EQ(readLine(format, with(from, to), r), LineKind::Malformed) << to;
  }
}

TEST(HaproxyFormat, TheTagIsTheFirstBracketColonSpaceBeforeAnyQuote) {
  HaproxyFormat format;
  LogRecord r;
  // `]` without ": " before the tag, and ]: inside the request after it.
  const std::string tricky = "<1>Nov 30 [x] a]:b haproxy[9]: " + kBody;
  ASSERT_EQ(readLine(format, tricky, r), LineKind::Record);
  EXPECT_EQ(r.host, "192.0.2.11");
  // A prefix that is not a tag (no digits between the brackets, or a quote
  // before "]: ") is read as the start of the record: malformed.
  EXPECT_EQ(readLine(format, "lb1 haproxy[x]: " + kBody, r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "lb1 \"haproxy[7]: " + kBody, r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "lb1 haproxy[]: " + kBody, r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "]: " + kBody, r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "[7]: " + kBody, r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "x[7]: " + kBody, r), LineKind::Record);
  EXPECT_EQ(readLine(format, "]", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "a]:", r), LineKind::Malformed);
}

}  // namespace
}  // namespace logmill::workers
