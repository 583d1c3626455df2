#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "workers/parse/LineParser.hpp"

namespace logmill::workers {
namespace {

using ::testing::HasSubstr;

constexpr const char* kCombinedLine =
    R"x(83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)")x";
constexpr const char* kCommonLine =
    R"(uplherc.upl.com - - [01/Aug/1995:00:00:07 -0400] "GET / HTTP/1.0" 304 0)";

/// Parses one line with a fresh parser of `spec`; the record views `line`.
bool parseWith(std::string_view spec, const std::string& line, LogRecord& out) {
  LineParser parser(spec);
  return parser.parse(line, out);
}

std::string parsedFormat(LineParser& parser, const std::string& line) {
  LogRecord record;
  return parser.parse(line, record) ? std::string(parser.lastFormatName()) : "malformed";
}

std::vector<std::string> readLines(const std::string& name) {
  std::string path = std::string(LOGMILL_TEST_DATA) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct FileResult {
  std::vector<LogRecord> records;                 // views into `lines`
  std::vector<std::size_t> malformedLineNumbers;  // 1-based
  std::map<std::string, int> formats;
};

FileResult parseFile(std::string_view spec, const std::vector<std::string>& lines) {
  LineParser parser(spec);
  FileResult result;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    LogRecord record;
    if (parser.parse(lines[i], record)) {
      result.records.push_back(record);
      ++result.formats[std::string(parser.lastFormatName())];
    } else {
      result.malformedLineNumbers.push_back(i + 1);
    }
  }
  return result;
}

TEST(LineParserTest, CombinedLineFillsEveryField) {
  std::string line = kCombinedLine;
  LogRecord r;
  ASSERT_TRUE(parseWith("combined", line, r));
  EXPECT_EQ(r.host, "83.149.9.216");
  EXPECT_EQ(r.ident, "-");
  EXPECT_EQ(r.user, "-");
  EXPECT_EQ(r.timeText, "17/May/2015:10:05:03 +0000");
  EXPECT_EQ(r.request,
            "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/presentations/logstash-monitorama-2013/images/kibana-search.png");
  EXPECT_EQ(r.protocol, "HTTP/1.1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.bytes, 203023);
  EXPECT_EQ(r.referrer, "http://semicomplete.com/presentations/logstash-monitorama-2013/");
  EXPECT_EQ(r.agent, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)");
  EXPECT_EQ(r.vhost, "");
  EXPECT_EQ(r.durationMicros, -1);
  ASSERT_TRUE(r.time().has_value());
  EXPECT_EQ(r.time()->epochSeconds, 1431857103);
}

TEST(LineParserTest, CommonLineWithHostname) {
  std::string line = kCommonLine;
  LogRecord r;
  ASSERT_TRUE(parseWith("common", line, r));
  EXPECT_EQ(r.host, "uplherc.upl.com");
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.bytes, 0);
  EXPECT_EQ(r.referrer, "");
  EXPECT_EQ(r.agent, "");
  EXPECT_EQ(r.time()->offsetMinutes, -240);
}

TEST(LineParserTest, CommonRejectsTrailingText) {
  LogRecord r;
  EXPECT_FALSE(parseWith("common", kCombinedLine, r));
  EXPECT_FALSE(parseWith("common", std::string(kCommonLine) + " junk", r));
  EXPECT_FALSE(parseWith("common", std::string(kCommonLine) + " ", r));
  EXPECT_FALSE(parseWith("auto", std::string(kCommonLine) + " junk", r));
}

TEST(LineParserTest, CombinedRejectsCommonLineAndTrailingFields) {
  LogRecord r;
  EXPECT_FALSE(parseWith("combined", kCommonLine, r));
  EXPECT_FALSE(parseWith("combined", std::string(kCombinedLine) + R"( "10.0.0.1")", r));
}

TEST(LineParserTest, AutoParsesCombinedAsCombinedEvenAfterCommon) {
  LineParser parser("auto");
  EXPECT_EQ(parser.lastFormatName(), "");  // nothing parsed yet
  std::string common = kCommonLine;
  std::string combined = kCombinedLine;
  LogRecord r;
  ASSERT_TRUE(parser.parse(common, r));
  EXPECT_EQ(parser.lastFormatName(), "common");
  ASSERT_TRUE(parser.parse(combined, r));
  EXPECT_EQ(parser.lastFormatName(), "combined");
  EXPECT_EQ(r.agent, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)");
  // A common line after combined must not keep the previous line's fields.
  ASSERT_TRUE(parser.parse(common, r));
  EXPECT_EQ(parser.lastFormatName(), "common");
  EXPECT_EQ(r.agent, "");
  EXPECT_EQ(r.referrer, "");
}

TEST(LineParserTest, AutoHandlesMixedFormatsLineByLine) {
  LineParser parser("auto");
  EXPECT_EQ(parsedFormat(parser, kCombinedLine), "combined");
  EXPECT_EQ(parsedFormat(parser, std::string("www.example.org:443 ") + kCombinedLine),
            "vhost_combined");
  EXPECT_EQ(parsedFormat(parser, std::string("www.example.org ") + kCombinedLine),
            "vhost_combined");
  EXPECT_EQ(parsedFormat(parser, kCommonLine), "common");
  EXPECT_EQ(parsedFormat(parser, std::string(kCombinedLine) + " 1234"), "combined_extra");
  EXPECT_EQ(parsedFormat(parser, "not a log line"), "malformed");
  EXPECT_EQ(parser.lastFormatName(), "combined_extra");  // the last that matched
  EXPECT_EQ(parsedFormat(parser, kCombinedLine), "combined");
}

TEST(LineParserTest, CombinedWithExtraFieldsIgnoresThem) {
  std::string line = std::string(kCombinedLine) + R"( "203.0.113.9" 0.004)";
  LogRecord r;
  ASSERT_TRUE(parseWith("auto", line, r));
  EXPECT_EQ(r.agent, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)");
  EXPECT_EQ(r.bytes, 203023);
}

TEST(LineParserTest, VhostCombinedStripsPortAndKeepsHost) {
  std::string line = std::string("www.crowdsec11.net:80 ") + kCombinedLine;
  LogRecord r;
  ASSERT_TRUE(parseWith("vhost_combined", line, r));
  EXPECT_EQ(r.vhost, "www.crowdsec11.net");
  EXPECT_EQ(r.host, "83.149.9.216");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(parseWith("vhost_combined", kCombinedLine, r));
}

TEST(LineParserTest, NginxAcceptsEmptyReferrerAndAgent) {
  std::string line =
      R"(2001:db8:1:2:3:4:5:6 - - [18/Jul/2025:14:14:47 -0400] "GET /data/x.sql HTTP/2.0" 304 0 "" "")";
  LineParser parser("nginx");
  EXPECT_EQ(parser.lastFormatName(), "nginx");
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r));
  EXPECT_EQ(r.host, "2001:db8:1:2:3:4:5:6");
  EXPECT_EQ(r.protocol, "HTTP/2.0");
  EXPECT_EQ(r.referrer, "");
  EXPECT_EQ(r.agent, "");
  EXPECT_EQ(r.bytes, 0);
  EXPECT_EQ(r.time()->offsetMinutes, -240);
}

TEST(LineParserTest, DashBytesIsMinusOne) {
  std::string line =
      R"(host.example.com - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 404 -)";
  LogRecord r;
  ASSERT_TRUE(parseWith("auto", line, r));
  EXPECT_EQ(r.bytes, -1);
  EXPECT_EQ(r.user, "frank");
  EXPECT_EQ(r.status, 404);
}

// Found by fuzz_where: a size of 19+ nines overflowed int64 in the fast path.
TEST(LineParserTest, SizesBeyondEighteenDigitsAreRejectedWithoutOverflow) {
  const std::string head = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 )";
  const std::string tail = R"( "-" "agent")";
  LogRecord r;
  ASSERT_TRUE(parseWith("combined", head + std::string(18, '9') + tail, r));
  EXPECT_EQ(r.bytes, 999'999'999'999'999'999);
  for (const std::size_t digits : {19, 20, 64}) {
    EXPECT_FALSE(parseWith("combined", head + std::string(digits, '9') + tail, r)) << digits;
    EXPECT_FALSE(parseWith("auto", head + std::string(digits, '9') + tail, r)) << digits;
  }
}

TEST(LineParserTest, EscapedQuotesStayInsideTheField) {
  std::string line =
      R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a\"b HTTP/1.1" 200 5 "-" "agent \"quoted\" \\")";
  LogRecord r;
  ASSERT_TRUE(parseWith("combined", line, r));
  EXPECT_EQ(r.request, R"(GET /a\"b HTTP/1.1)");
  EXPECT_EQ(r.path, R"(/a\"b)");
  EXPECT_EQ(r.agent, R"(agent \"quoted\" \\)");  // `\\"` is a backslash, then the end
  // An escaped quote at the very end leaves the agent unterminated.
  std::string open = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "x\")";
  EXPECT_FALSE(parseWith("combined", open, r));
}

TEST(LineParserTest, HexEscapesAreKeptRaw) {
  std::string line =
      R"(1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] "GET /\xC3\xA9 HTTP/1.1" 200 1 "http://x/\xE2\x80\x9C" "-")";
  LogRecord r;
  ASSERT_TRUE(parseWith("combined", line, r));
  EXPECT_EQ(r.path, R"(/\xC3\xA9)");
  EXPECT_EQ(r.referrer, R"(http://x/\xE2\x80\x9C)");
}

TEST(LineParserTest, UnescapedQuoteInRequestIsToleratedWhenUnambiguous) {
  // Old servers did not escape quotes; the closing quote is the one
  // followed by the expected ` ` + status.
  std::string line = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a"b HTTP/1.0" 200 5)";
  LogRecord r;
  ASSERT_TRUE(parseWith("common", line, r));
  EXPECT_EQ(r.request, R"(GET /a"b HTTP/1.0)");
  EXPECT_EQ(r.status, 200);
}

TEST(LineParserTest, CrlfIsStripped) {
  std::string line = std::string(kCombinedLine) + "\r";
  LogRecord r;
  ASSERT_TRUE(parseWith("combined", line, r));
  EXPECT_EQ(r.agent, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)");
  std::string common = std::string(kCommonLine) + "\r";
  ASSERT_TRUE(parseWith("common", common, r));
  EXPECT_EQ(r.bytes, 0);
}

TEST(LineParserTest, RequestWithoutProtocol) {
  std::string line = R"(1.2.3.4 - - [01/Aug/1995:00:00:07 -0400] "GET /index.html" 200 10)";
  LogRecord r;
  ASSERT_TRUE(parseWith("auto", line, r));
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/index.html");
  EXPECT_EQ(r.protocol, "");
}

TEST(LineParserTest, GarbageRequestsAreValidRecordsWithAllPath) {
  for (std::string request : {R"(\x16\x03\x01\x01 \x02)", "HELP", "-", "batman",
                              R"(lv|'|'|VHJv|'|'|Win XP|'|'|No)", "get / HTTP/1.1", ""}) {
    std::string line =
        R"(1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] ")" + request + R"(" 400 226 "-" "-")";
    LogRecord r;
    ASSERT_TRUE(parseWith("auto", line, r)) << line;
    EXPECT_EQ(r.method, "") << line;
    EXPECT_EQ(r.path, request) << line;
    EXPECT_EQ(r.protocol, "") << line;
    EXPECT_EQ(r.request, request) << line;
    EXPECT_EQ(r.status, 400) << line;
  }
}

TEST(LineParserTest, RequestWithSpaceInPathKeepsProtocol) {
  std::string line = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a b HTTP/1.1" 200 5)";
  LogRecord r;
  ASSERT_TRUE(parseWith("common", line, r));
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/a b");
  EXPECT_EQ(r.protocol, "HTTP/1.1");
  const std::string head = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] ")";
  struct Case {
    std::string request, path, protocol;
  };
  for (const Case& c :
       {Case{"GET /a H HTTP/1.0", "/a H", "HTTP/1.0"}, Case{"GET /a HTTP/x", "/a HTTP/x", ""},
        Case{"GET /ab HTTP/1 x", "/ab HTTP/1 x", ""},
        Case{"PROPFIND /dav/ HTTP/1.1", "/dav/", "HTTP/1.1"},
        Case{"OPTIONS * RTSP/1.0", "*", "RTSP/1.0"}}) {
    std::string line = head + c.request + R"(" 200 5)";
    ASSERT_TRUE(parseWith("common", line, r)) << line;
    EXPECT_EQ(r.path, c.path) << line;
    EXPECT_EQ(r.protocol, c.protocol) << line;
    EXPECT_EQ(r.method, c.request.substr(0, c.request.find(' '))) << line;
  }
}

TEST(LineParserTest, LineCutInsideAgentIsMalformed) {
  std::string line =
      R"(46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /x.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1)";
  LogRecord r;
  EXPECT_FALSE(parseWith("auto", line, r));
  EXPECT_FALSE(parseWith("combined", line, r));
}

TEST(LineParserTest, InvalidFieldsAreMalformed) {
  const std::string head = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" )";
  LogRecord r;
  ASSERT_TRUE(parseWith("common", head + "200 5", r));  // the control case
  for (std::string tail :
       {"20 5", "2000 5", "2x0 5", "200 5x", "200 ", "200 -5", "200 5 ", "200  5", "200"}) {
    EXPECT_FALSE(parseWith("auto", head + tail, r)) << tail;
  }
  for (std::string time : {"[17/May/2015:10:05:03]", "[17/May/2015 10:05:03 +0000]",
                           "[2015-05-17T10:05:03+0000 ]", "17/May/2015:10:05:03 +0000",
                           "[17/May/2015:10:05:03 0000 ]", "[1/May/2015:10:05:03 +0000]"}) {
    EXPECT_FALSE(parseWith("auto", "1.2.3.4 - - " + time + R"( "GET / HTTP/1.1" 200 5)", r))
        << time;
  }
  EXPECT_FALSE(parseWith("auto", "", r));
  EXPECT_FALSE(parseWith("auto", "\r", r));
  EXPECT_FALSE(parseWith("auto", R"( - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5)", r));
}

TEST(LineParserTest, LogFormatWithDuration) {
  std::string line =
      R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "POST /api HTTP/1.1" 201 17 5023)";
  LineParser parser(R"(%h %l %u %t "%r" %>s %b %D)");
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r));
  EXPECT_EQ(parser.lastFormatName(), R"(%h %l %u %t "%r" %>s %b %D)");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.bytes, 17);
  EXPECT_EQ(r.durationMicros, 5023);
  EXPECT_FALSE(
      parser.parse(R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "POST /api HTTP/1.1" 201 17)", r));
}

TEST(LineParserTest, LogFormatWithVhostAndHeaders) {
  LineParser parser(
      R"(%v %h %l %u %t "%r" %>s %B "%{referer}i" "%{X-Forwarded-For}i" "%{User-Agent}i")");
  std::string line =
      R"(shop.example.com 10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 9 "http://r/" "203.0.113.7, 10.0.0.2" "curl/8.0")";
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r));
  EXPECT_EQ(r.vhost, "shop.example.com");
  EXPECT_EQ(r.host, "10.0.0.1");
  EXPECT_EQ(r.referrer, "http://r/");
  EXPECT_EQ(r.agent, "curl/8.0");
  EXPECT_EQ(r.bytes, 9);
}

TEST(LineParserTest, LogFormatVhostPortPercentAndTimeUnits) {
  LineParser parser(R"(%v:%p %a %l %u %t "%m %U %H" %s %b %{ms}T 100%%)");
  std::string line =
      R"(example.org:8080 ::1 - - [17/May/2015:10:05:03 +0000] "GET /x HTTP/1.0" 302 - 12 100%)";
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r));
  EXPECT_EQ(r.vhost, "example.org");
  EXPECT_EQ(r.host, "::1");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/x");
  EXPECT_EQ(r.protocol, "HTTP/1.0");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.bytes, -1);
  EXPECT_EQ(r.durationMicros, 12000);
  std::string badPort =
      R"(example.org:http ::1 - - [17/May/2015:10:05:03 +0000] "GET /x HTTP/1.0" 302 - 12 100%)";
  EXPECT_FALSE(parser.parse(badPort, r));

  LineParser seconds(R"(%h %T)");
  ASSERT_TRUE(seconds.parse("1.2.3.4 3", r));
  EXPECT_EQ(r.durationMicros, 3000000);
}

TEST(LineParserTest, LogFormatModifiersAndRepeatedFields) {
  // Status conditions and `<`/`>` do not change the field's shape; a field
  // named twice (%h then %a) keeps its first value.
  LineParser parser(
      R"(%h %a %l %u %t "%r" %<s %>s %b "%!200,304{Referer}i" "%400,501{User-agent}i")");
  std::string line =
      R"(10.0.0.1 10.0.0.2 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 301 200 9 "-" "ua")";
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r));
  EXPECT_EQ(r.host, "10.0.0.1");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.agent, "ua");
  EXPECT_EQ(r.bytes, 9);
}

TEST(LineParserTest, LogFormatAcceptsHttpdConfEscapes) {
  // Pasted from httpd.conf: the quotes are backslash-escaped there.
  LineParser parser(R"(%h %l %u %t \"%r\" %>s %b)");
  std::string line = kCommonLine;
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r));
  EXPECT_EQ(r.path, "/");
}

TEST(LineParserTest, BadSpecsThrowReadableErrors) {
  auto messageOf = [](std::string_view spec) -> std::string {
    try {
      LineParser parser(spec);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no exception";
  };
  EXPECT_THAT(messageOf("%h %Z %u"), HasSubstr("unknown LogFormat directive '%Z'"));
  EXPECT_THAT(messageOf("%h %Z %u"), HasSubstr("'%h %Z %u'"));
  EXPECT_THAT(messageOf("%h %{%d/%b}t"), HasSubstr("'%{%d/%b}t'"));
  EXPECT_THAT(messageOf("%h%l"), HasSubstr("no text between '%h%l'"));
  EXPECT_THAT(messageOf("%h %{Referer"), HasSubstr("unterminated '%{Referer'"));
  EXPECT_THAT(messageOf("%h %>"), HasSubstr("incomplete directive '%>'"));
  EXPECT_THAT(messageOf("%h %i"), HasSubstr("needs a {name} '%i'"));
  EXPECT_THAT(messageOf("combind"), HasSubstr("unknown log format 'combind'"));
  EXPECT_THAT(messageOf(""), HasSubstr("unknown log format ''"));
  EXPECT_EQ(messageOf("combined"), "no exception");
}

TEST(LineParserTest, MovedParserKeepsWorking) {
  LineParser first("common");
  LineParser second(std::move(first));
  std::string line = kCommonLine;
  LogRecord r;
  EXPECT_TRUE(second.parse(line, r));
  LineParser third("combined");
  third = std::move(second);
  EXPECT_EQ(third.lastFormatName(), "common");
  EXPECT_TRUE(third.parse(line, r));
}

// ---- real-log fixtures (tests/data); counts are per file, every line -------

TEST(LineParserFixtureTest, ElasticApacheCombined2015) {
  // 9,999 of 10,000 lines parse. Independent count: the strict combined regex
  //   grep -cP '^\S+ \S+ \S+ \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]
  //   "(?:[^"\\]|\\.)*" \d{3} (?:\d+|-) "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*"$'
  // (one line) prints 9999; grep -vnP with it names line 8899, cut inside the
  // agent. `grep -c '" [0-9][0-9][0-9] - "'` gives the 669 dash byte counts.
  auto lines = readLines("elastic-apache-combined-2015.log");
  ASSERT_EQ(lines.size(), 10000u);
  for (std::string_view spec : {"auto", "combined", "nginx"}) {
    FileResult result = parseFile(spec, lines);
    EXPECT_EQ(result.records.size(), 9999u) << spec;
    EXPECT_THAT(result.malformedLineNumbers, ::testing::ElementsAre(8899u)) << spec;
  }
  FileResult result = parseFile("auto", lines);
  EXPECT_EQ(result.formats, (std::map<std::string, int>{{"combined", 9999}}));
  std::map<std::string, int> methods;
  int dashBytes = 0;
  int withTime = 0;
  for (const LogRecord& r : result.records) {
    ++methods[std::string(r.method)];
    dashBytes += r.bytes == -1 ? 1 : 0;
    withTime += r.time().has_value() ? 1 : 0;
    EXPECT_THAT(r.protocol, ::testing::StartsWith("HTTP/1.")) << r.request;
  }
  EXPECT_EQ(methods,
            (std::map<std::string, int>{{"GET", 9951}, {"HEAD", 42}, {"OPTIONS", 1}, {"POST", 5}}));
  EXPECT_EQ(dashBytes, 669);
  EXPECT_EQ(withTime, 9999);
  EXPECT_EQ(parseFile("common", lines).records.size(), 0u);
}

TEST(LineParserFixtureTest, CrowdsecNginxMixedLogs) {
  auto lines = readLines("crowdsec-nginx_http-logs.log");
  ASSERT_EQ(lines.size(), 9u);
  FileResult result = parseFile("auto", lines);
  EXPECT_EQ(result.records.size(), 7u);
  // Line 8 lacks the ident field; line 9 is an nginx error-log line.
  EXPECT_THAT(result.malformedLineNumbers, ::testing::ElementsAre(8u, 9u));
  EXPECT_EQ(result.formats, (std::map<std::string, int>{{"combined", 4}, {"vhost_combined", 3}}));
  EXPECT_EQ(result.records[3].vhost, "www.crowdsec.net");
  EXPECT_EQ(result.records[3].host, "192.168.1.1");
  EXPECT_EQ(result.records[5].vhost, "www.crowdsec11.net");
  EXPECT_EQ(result.records[5].status, 301);
  EXPECT_EQ(result.records[5].bytes, 0);
  EXPECT_EQ(result.records[6].user, "user123");
  EXPECT_EQ(result.records[6].vhost, "");
  // A fixed format takes only its own lines.
  EXPECT_EQ(parseFile("combined", lines).records.size(), 4u);
  EXPECT_EQ(parseFile("vhost_combined", lines).records.size(), 3u);
}

TEST(LineParserFixtureTest, CrowdsecNginxMalformedRequestsAreRecords) {
  auto lines = readLines("crowdsec-nginx-http-malformed.log");
  ASSERT_EQ(lines.size(), 12u);  // the last line has no newline
  FileResult result = parseFile("auto", lines);
  EXPECT_EQ(result.records.size(), 12u);
  EXPECT_TRUE(result.malformedLineNumbers.empty());
  for (const LogRecord& r : result.records) {
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.bytes, 157);
    EXPECT_EQ(r.method, "") << r.request;
    EXPECT_EQ(r.protocol, "") << r.request;
    EXPECT_EQ(r.path, r.request);
    EXPECT_EQ(r.time()->offsetMinutes, -420);
  }
  EXPECT_EQ(result.records[4].path, "HELP");
  EXPECT_EQ(result.records[6].path, "batman");
  EXPECT_THAT(result.records[1].path, ::testing::StartsWith(R"(Gh0st\xAD\x00)"));
}

TEST(LineParserFixtureTest, CrowdsecApacheMalformedRequestsAreRecords) {
  auto lines = readLines("crowdsec-apache2-malformed.log");
  ASSERT_EQ(lines.size(), 11u);
  FileResult result = parseFile("combined", lines);
  EXPECT_EQ(result.records.size(), 11u);
  EXPECT_EQ(parseFile("auto", lines).records.size(), 11u);
  EXPECT_EQ(result.records[0].path, R"(\x16\x03\x01\x01 \x02)");
  EXPECT_EQ(result.records[0].method, "");
  EXPECT_EQ(result.records[5].request, R"(\x16\x03\x01)");
  for (const LogRecord& r : result.records) {
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.bytes, 226);
    EXPECT_EQ(r.time()->offsetMinutes, 660);
  }
}

TEST(LineParserFixtureTest, CrowdsecIpv6Postoverflow) {
  auto lines = readLines("crowdsec-ipv6-postoverflow.log");
  ASSERT_EQ(lines.size(), 2u);  // wc -l says 1: the second line has no newline
  FileResult result = parseFile("auto", lines);
  ASSERT_EQ(result.records.size(), 2u);
  EXPECT_EQ(result.records[0].host, "2001:0db8:85a3:0000:0000:8a2e:0370:7334");
  EXPECT_EQ(result.records[0].method, "HEAD");
  EXPECT_EQ(result.records[1].bytes, 10918);
  EXPECT_EQ(result.records[1].agent, "Mozilla/5.00 (Nikto/2.1.5) (Evasions:None) (Test:getinfo)");
}

TEST(LineParserFixtureTest, CrowdsecActualBudgetEmptyFields) {
  auto lines = readLines("crowdsec-actual-budget-whitelist.log");
  ASSERT_EQ(lines.size(), 9u);
  FileResult result = parseFile("nginx", lines);
  ASSERT_EQ(result.records.size(), 9u);
  EXPECT_EQ(parseFile("auto", lines).records.size(), 9u);
  for (const LogRecord& r : result.records) {
    EXPECT_EQ(r.host, "2001:db8:1:2:3:4:5:6");
    EXPECT_EQ(r.protocol, "HTTP/2.0");
    EXPECT_EQ(r.referrer, "");
    EXPECT_EQ(r.agent, "");
  }
  EXPECT_EQ(result.records[5].status, 304);
  EXPECT_EQ(result.records[5].bytes, 0);
}

TEST(LineParser, NginxLogFormatStringsFillTheCommonFieldsAndDuration) {
  const std::string format =
      R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
      R"("$http_referer" "$http_user_agent" rt=$request_time urt="${upstream_response_time}")";
  const std::string line =
      R"(192.0.2.21 - alice [30/Nov/2026:08:00:02 +0000] "GET /api/items?x=1 HTTP/1.1" 200 812 )"
      R"("https://example.org/" "curl/8.4.0" rt=0.48 urt="0.478, 0.002")";
  LogRecord r;
  ASSERT_TRUE(parseWith(format, line, r));
  EXPECT_EQ(r.host, "192.0.2.21");
  EXPECT_EQ(r.user, "alice");
  EXPECT_EQ(r.timeText, "30/Nov/2026:08:00:02 +0000");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/items?x=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.bytes, 812);
  EXPECT_EQ(r.referrer, "https://example.org/");
  EXPECT_EQ(r.agent, "curl/8.4.0");
  EXPECT_EQ(r.durationMicros, 480000);
  // `1.5s` is no nginx time: the line is malformed, not a wrong duration.
  std::string bad = line;
  bad.replace(bad.find("rt=0.48"), 7, "rt=1.5s");
  EXPECT_FALSE(parseWith(format, bad, r));
}

TEST(LineParser, NginxCombinedStringParsesLikeTheCombinedPreset) {
  const std::string format =
      R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
      R"("$http_referer" "$http_user_agent")";
  // A record's fields view the parser's storage: both parsers outlive them.
  LineParser stringParser(format), presetParser("combined");
  LogRecord viaString, viaPreset;
  ASSERT_TRUE(stringParser.parse(kCombinedLine, viaString));
  ASSERT_TRUE(presetParser.parse(kCombinedLine, viaPreset));
  EXPECT_EQ(viaString.host, viaPreset.host);
  EXPECT_EQ(viaString.timeText, viaPreset.timeText);
  EXPECT_EQ(viaString.request, viaPreset.request);
  EXPECT_EQ(viaString.status, viaPreset.status);
  EXPECT_EQ(viaString.bytes, viaPreset.bytes);
  EXPECT_EQ(viaString.agent, viaPreset.agent);
  EXPECT_FALSE(parseWith(format, kCommonLine, viaString));
}

TEST(LineParser, NginxLogFormatErrorsNameTheVariable) {
  auto errorOf = [](std::string_view spec) {
    try {
      LineParser parser(spec);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_THAT(errorOf("$remote_addr $time_local $status"),
              HasSubstr("$time_local must be written in brackets, [$time_local], at "
                        "'$time_local'"));
  EXPECT_THAT(errorOf("$remote_addr$status"), HasSubstr("no text between '$remote_addr$status'"));
  EXPECT_THAT(errorOf("$remote_addr ${status"), HasSubstr("unterminated '${status'"));
}

}  // namespace
}  // namespace logmill::workers
