#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/LineParser.hpp"
#include "workers/query/Predicate.hpp"

namespace logmill::workers {
namespace {

// 83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/.../kibana-search.png
// HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/"
// "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) ... Chrome/32.0.1700.77 Safari/537.36"
LogRecord sample() {
  LogRecord r;
  r.host = "83.149.9.216";
  r.ident = "-";
  r.user = "-";
  r.timeText = "17/May/2015:10:05:03 +0000";
  r.request = "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1";
  r.method = "GET";
  r.path = "/presentations/logstash-monitorama-2013/images/kibana-search.png";
  r.protocol = "HTTP/1.1";
  r.status = 200;
  r.bytes = 203023;
  r.referrer = "http://semicomplete.com/presentations/logstash-monitorama-2013/";
  r.agent =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/32.0.1700.77 Safari/537.36";
  return r;
}

LogRecord robots() {
  LogRecord r = sample();
  r.host = "66.249.73.135";
  r.request = "GET /robots.txt HTTP/1.1";
  r.path = "/robots.txt";
  r.status = 404;
  r.bytes = -1;
  r.agent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  return r;
}

bool matches(std::string_view expression, const LogRecord& record) {
  return Predicate(expression).matches(record);
}

std::string errorOf(std::string_view expression) {
  try {
    Predicate predicate(expression);
  } catch (const ExpressionError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Predicate, EmptyExpressionMatchesEverything) {
  for (const char* expression : {"", "   ", "\t\n"}) {
    const Predicate predicate(expression);
    EXPECT_TRUE(predicate.matchesAll()) << '"' << expression << '"';
    EXPECT_TRUE(predicate.matches(sample()));
    EXPECT_TRUE(predicate.matches(LogRecord{}));
  }
  EXPECT_FALSE(Predicate("status == 200").matchesAll());
}

TEST(Predicate, StringEqualityIsExact) {
  EXPECT_TRUE(matches(R"(path == "/robots.txt")", robots()));
  EXPECT_FALSE(matches(R"(path == "/robots.txt")", sample()));
  EXPECT_FALSE(matches(R"(path == "/ROBOTS.TXT")", robots()));
  EXPECT_FALSE(matches(R"(path == "/robots.tx")", robots()));
  EXPECT_TRUE(matches(R"(path != "/robots.txt")", sample()));
  EXPECT_TRUE(matches("method == 'GET'", sample()));
  EXPECT_TRUE(matches("method = 'GET'", sample()));  // SQL habit
  EXPECT_TRUE(matches(R"(host == "83.149.9.216" and user == "-")", sample()));
  EXPECT_TRUE(matches(R"(protocol == "HTTP/1.1")", sample()));
  EXPECT_TRUE(
      matches(R"(referrer == "http://semicomplete.com/presentations/logstash-monitorama-2013/")",
              sample()));
  EXPECT_TRUE(matches(R"(vhost == "")", sample()));
  EXPECT_TRUE(matches(R"(request == "GET /robots.txt HTTP/1.1")", robots()));
}

TEST(Predicate, StringLiteralEscapes) {
  LogRecord r = sample();
  r.agent = R"(say "hi" \ o'k)";
  EXPECT_TRUE(matches(R"(agent == "say \"hi\" \\ o'k")", r));
  EXPECT_TRUE(matches(R"(agent == 'say "hi" \\ o\'k')", r));
  r.user = "tab\there\nnewline";
  EXPECT_TRUE(matches(R"(user == "tab\there\nnewline")", r));
}

TEST(Predicate, StringOrderingIsBytewise) {
  LogRecord r = sample();
  r.user = "alice";
  EXPECT_TRUE(matches(R"(user > "Zed")", r));  // 'a' (0x61) sorts after 'Z' (0x5A)
  EXPECT_TRUE(matches(R"(user >= "alice")", r));
  EXPECT_TRUE(matches(R"(user <= "alice")", r));
  EXPECT_TRUE(matches(R"(user < "alicf")", r));
  EXPECT_FALSE(matches(R"(user < "alice")", r));
  EXPECT_TRUE(matches(R"(user < "alice2")", r));  // a prefix sorts first
  r.user = "\xC3\xA9mile";                        // bytes above 0x7F sort after ASCII
  EXPECT_TRUE(matches(R"(user > "zzz")", r));
}

TEST(Predicate, NumericComparisonsOnStatusAndBytes) {
  const LogRecord r = sample();  // 200, 203023 bytes
  EXPECT_TRUE(matches("status == 200", r));
  EXPECT_FALSE(matches("status != 200", r));
  EXPECT_TRUE(matches("status < 300", r));
  EXPECT_FALSE(matches("status < 200", r));
  EXPECT_TRUE(matches("status <= 200", r));
  EXPECT_TRUE(matches("status > 199", r));
  EXPECT_FALSE(matches("status > 200", r));
  EXPECT_TRUE(matches("status >= 200", r));
  // Numerically, not as text: "203023" < "9" as text.
  EXPECT_TRUE(matches("bytes > 9", r));
  EXPECT_TRUE(matches("bytes >= 203023 and bytes <= 203023", r));
  EXPECT_TRUE(matches(R"(status == "200")", r));  // a quoted integer is still a number
  EXPECT_TRUE(matches("bytes > -1", r));
}

TEST(Predicate, DashBytesOnlySatisfiesNotEqual) {
  const LogRecord r = robots();  // bytes `-`
  EXPECT_FALSE(matches("bytes == 0", r));
  EXPECT_FALSE(matches("bytes == -1", r));
  EXPECT_FALSE(matches("bytes < 100", r));
  EXPECT_FALSE(matches("bytes <= 100", r));
  EXPECT_FALSE(matches("bytes > 0", r));
  EXPECT_FALSE(matches("bytes >= 0", r));
  EXPECT_FALSE(matches("bytes in (0, 1)", r));
  EXPECT_TRUE(matches("bytes != 0", r));
  EXPECT_TRUE(matches("bytes not in (0, 1)", r));
  EXPECT_TRUE(matches(R"(bytes ~ "^-$")", r));  // the regex sees the text as logged
  LogRecord noStatus = sample();
  noStatus.status = -1;
  EXPECT_FALSE(matches("status < 600", noStatus));
  EXPECT_TRUE(matches("status != 200", noStatus));
}

TEST(Predicate, PrecedenceIsNotThenAndThenOr) {
  const LogRecord r = sample();  // GET 200
  // or binds looser than and: 200 or (404 and POST).
  EXPECT_TRUE(matches(R"(status == 200 or status == 404 and method == "POST")", r));
  EXPECT_FALSE(matches(R"((status == 200 or status == 404) and method == "POST")", r));
  // not binds tighter than and: (not 200) and POST, not not (200 and POST).
  EXPECT_FALSE(matches(R"(not status == 200 and method == "POST")", r));
  EXPECT_TRUE(matches(R"(not (status == 200 and method == "POST"))", r));
  EXPECT_TRUE(matches("not not status == 200", r));
  EXPECT_TRUE(matches(R"(((status == 200)))", r));
  // Left to right within a level, and the same for upper case and symbols.
  EXPECT_TRUE(matches(R"(STATUS == 404 OR Method == "GET" AND NOT status == 500)", r));
  EXPECT_TRUE(matches(R"(status == 404 || method == "GET" && !(status == 500))", r));
  EXPECT_FALSE(matches(R"(status == 404 || method == "PUT" && status == 200)", r));
}

TEST(Predicate, RegexIsAPartialMatch) {
  const LogRecord r = sample();
  EXPECT_TRUE(matches(R"(path ~ "kibana")", r));  // search, not a full match
  EXPECT_TRUE(matches(R"(path ~ "\.png$")", r));  // \. reaches RE2 unchanged
  EXPECT_FALSE(matches(R"(path ~ "^kibana")", r));
  EXPECT_TRUE(matches(R"(path !~ "^/api/")", r));
  EXPECT_FALSE(matches(R"(path !~ "kibana")", r));
  EXPECT_TRUE(matches(R"(agent ~ "(?i)CHROME/3[0-9]\.")", r));
  EXPECT_TRUE(matches(R"(status ~ "^2")", r));
  EXPECT_TRUE(matches(R"(time ~ "^2015-05-17T10:")", r));  // ISO text, as printed
  EXPECT_TRUE(matches(R"(host ~ '^83\.149\.')", r));
  LogRecord binary = sample();
  binary.request = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
  EXPECT_TRUE(matches(R"(request ~ "^\x16\x03")", binary));  // bytes, not UTF-8
}

TEST(Predicate, PlainTextRegexAgreesWithRe2) {
  // Patterns without metacharacters take a substring-search shortcut.
  LogRecord r = sample();
  r.path = "/wp-login.php";
  EXPECT_TRUE(matches(R"(path ~ "wp-login")", r));
  EXPECT_TRUE(matches(R"(path ~ "wp-login.php")", r));  // '.' is a metacharacter: RE2
  EXPECT_FALSE(matches(R"(path ~ "WP-LOGIN")", r));
  EXPECT_TRUE(matches(R"(path !~ "xmlrpc")", r));
  EXPECT_FALSE(matches(R"(path !~ "login")", r));
  EXPECT_TRUE(matches(R"(path ~ "")", r));  // the empty regex matches everything
}

TEST(Predicate, InAndNotIn) {
  const LogRecord r = robots();  // 404 GET
  EXPECT_TRUE(matches("status in (404, 410)", r));
  EXPECT_FALSE(matches("status in (410, 500)", r));
  EXPECT_TRUE(matches("status not in (410, 500)", r));
  EXPECT_FALSE(matches("status NOT IN (404)", r));
  EXPECT_TRUE(matches(R"(method in ("PUT", "DELETE", "GET",))", r));  // trailing comma
  EXPECT_FALSE(matches(R"(method in ("PUT","DELETE"))", r));
  EXPECT_TRUE(matches(R"(method not in ('PUT','DELETE'))", r));
  EXPECT_TRUE(matches(R"(status in ("404"))", r));
  EXPECT_TRUE(matches(R"(not status in (200) and host in ("66.249.73.135"))", r));
}

TEST(Predicate, TimeComparesTheUtcInstant) {
  const LogRecord r = sample();  // 17/May/2015:10:05:03 +0000
  EXPECT_TRUE(matches(R"(time >= "2015-05-17T10:05")", r));
  EXPECT_FALSE(matches(R"(time >= "2015-05-17T10:06")", r));
  EXPECT_TRUE(matches(R"(time == "2015-05-17T10:05:03Z")", r));
  EXPECT_TRUE(matches(R"(time == "2015-05-17T12:05:03+02:00")", r));
  EXPECT_TRUE(matches(R"(time == "2015-05-17T05:05:03-0500")", r));
  EXPECT_TRUE(matches(R"(time == "2015-05-17 10:05:03")", r));
  EXPECT_TRUE(matches(R"(time >= "2015-05-17" and time < "2015-05-18")", r));
  EXPECT_FALSE(matches(R"(time < "2015-05-17")", r));
  EXPECT_TRUE(matches(R"(time == "17/May/2015:12:05:03 +0200")", r));  // CLF, pasted
  EXPECT_TRUE(matches(R"(time in ("2015-05-17T10:05:03Z", "2016-01-01"))", r));

  LogRecord east = sample();
  east.timeText = "17/May/2015:12:05:03 +0200";  // the same instant, logged in +0200
  EXPECT_TRUE(matches(R"(time == "2015-05-17T10:05:03Z")", east));
  // A literal without a zone is UTC, not the server's local time.
  EXPECT_TRUE(matches(R"(time == "2015-05-17T10:05:03")", east));
  EXPECT_FALSE(matches(R"(time == "2015-05-17T12:05:03")", east));
}

TEST(Predicate, DateHourWeekdayAreAsLogged) {
  LogRecord r = sample();
  r.timeText = "17/May/2015:23:30:00 -0500";  // 2015-05-18T04:30Z, a Monday in UTC
  EXPECT_TRUE(matches(R"(date == "2015-05-17")", r));
  EXPECT_TRUE(matches(R"(date >= "2015-05" and date < "2015-06")", r));  // text order
  EXPECT_TRUE(matches("hour == 23", r));
  EXPECT_TRUE(matches("hour >= 22 and hour in (23)", r));
  EXPECT_TRUE(matches(R"(hour == "23")", r));
  EXPECT_TRUE(matches(R"(weekday == "Sun")", r));
  EXPECT_TRUE(matches(R"(weekday in ("Sat", "Sun"))", r));
  EXPECT_TRUE(matches(R"(time >= "2015-05-18T04:30Z")", r));
  r.timeText = "01/Jan/2012:00:00:00 +0000";
  EXPECT_TRUE(matches(R"(hour == 0 and weekday == "Sun" and date == "2012-01-01")", r));
}

TEST(Predicate, UnparseableTimeNeverMatchesATimeComparison) {
  LogRecord r = sample();
  r.timeText = "yesterday";
  for (const char* expression :
       {R"(time >= "2015-01-01")", R"(time < "2015-01-01")", R"(time != "2015-01-01")",
        R"(time not in ("2015-01-01"))", R"(date != "2015-05-17")", "hour != 3", "hour not in (3)",
        R"(weekday != "Mon")", R"(date !~ "x")", R"(time ~ "")"}) {
    EXPECT_FALSE(matches(expression, r)) << expression;
  }
  EXPECT_TRUE(matches(R"(not time >= "2015-01-01")", r));
  EXPECT_TRUE(matches(R"(time >= "2015-01-01" or status == 200)", r));
}

TEST(Predicate, DerivedFields) {
  const LogRecord r = sample();
  EXPECT_TRUE(matches(R"(ext == "png")", r));
  EXPECT_TRUE(matches(R"(ext == ".PNG")", r));  // case and a leading dot are forgiven
  EXPECT_TRUE(matches(R"(ext in ("css", "png"))", r));
  EXPECT_TRUE(matches("is_static", r));
  EXPECT_TRUE(matches("is_static == true", r));
  EXPECT_TRUE(matches(R"(is_static == "true")", r));
  EXPECT_FALSE(matches("not is_static", r));
  EXPECT_TRUE(matches(R"(status_class == "2xx")", r));
  EXPECT_TRUE(matches(R"(status_class != "4xx")", r));
  EXPECT_TRUE(matches(R"(browser == "Chrome" and os == "macOS")", r));
  EXPECT_TRUE(matches(R"(browser == "Crawlers" and not is_static and ext == "txt")", robots()) ==
              false);  // robots.txt is static (.txt is on GoAccess's list)
  EXPECT_TRUE(matches(R"(browser == "Crawlers" and is_static and ext == "txt")", robots()));
  LogRecord upper = sample();
  upper.path = "/IMG/LOGO.PNG?v=2";
  EXPECT_TRUE(matches(R"(ext == "png" and ext ~ "^png$" and is_static)", upper));
}

TEST(Predicate, FieldAliases) {
  EXPECT_TRUE(matches(R"(referer ~ "semicomplete")", sample()));
  EXPECT_TRUE(matches(R"(ip == "83.149.9.216")", sample()));
}

TEST(Predicate, IsReusableAndMovable) {
  Predicate predicate(R"(path == "/robots.txt")");
  Predicate moved(std::move(predicate));
  EXPECT_TRUE(moved.matches(robots()));
  EXPECT_FALSE(moved.matches(sample()));
  predicate = Predicate("status >= 500");
  EXPECT_FALSE(predicate.matches(robots()));
}

// --- errors: the whole message, including the caret line -------------------

TEST(PredicateErrors, UnknownFieldListsTheFields) {
  EXPECT_EQ(errorOf("stauts >= 500"),
            "invalid expression: unknown field 'stauts' (fields: host, ident, user, time, method, "
            "path, protocol, status, bytes, referrer, agent, vhost, request, date, hour, weekday, "
            "status_class, ext, is_static, browser, os, duration, bot, bot_name)\n"
            "  stauts >= 500\n"
            "  ^");
  try {
    Predicate p("status == 1 and pth == \"/\"");
    FAIL() << "no error";
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.column(), 16u);
    EXPECT_TRUE(std::string_view(e.what()).ends_with("\n                  ^"));
  }
}

TEST(PredicateErrors, SpeakTheLanguagesTermsAndLetTheCallerNameTheSource) {
  try {
    Predicate p("status >= 500 and (pth == \"/\"");
    FAIL() << "no error";
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.reason().rfind("unknown field 'pth'", 0), 0u) << e.reason();
    EXPECT_EQ(e.column(), 19u);
    EXPECT_EQ(std::string_view(e.what()).find("--"), std::string_view::npos) << e.what();
    const std::string shown = e.explain("--where");
    EXPECT_EQ(shown.rfind("invalid --where: unknown field 'pth'", 0), 0u) << shown;
    EXPECT_TRUE(shown.ends_with("\n  status >= 500 and (pth == \"/\"\n                     ^"))
        << shown;
  }
}

TEST(PredicateErrors, UnexpectedToken) {
  EXPECT_EQ(errorOf("== 404"),
            "invalid expression: expected a field name, found '=='\n"
            "  == 404\n"
            "  ^");
  EXPECT_EQ(errorOf("status >="),
            "invalid expression: expected a value after '>=', found end of expression\n"
            "  status >=\n"
            "           ^");
  EXPECT_EQ(errorOf("method == GET"),
            "invalid expression: expected a value after '==', found 'GET' (quote text: \"GET\")\n"
            "  method == GET\n"
            "            ^");
  EXPECT_EQ(errorOf("status 404"),
            "invalid expression: expected an operator (== != < <= > >= ~ !~ in) after 'status', "
            "found '404'\n"
            "  status 404\n"
            "         ^");
  EXPECT_EQ(errorOf("status == 1 and"),
            "invalid expression: expected a field name, found end of expression\n"
            "  status == 1 and\n"
            "                 ^");
  EXPECT_EQ(errorOf("host == 10.0.0.1"),
            "invalid expression: invalid number '10.0.0.1' (numbers are integers; quote text: "
            "\"10.0.0.1\")\n"
            "  host == 10.0.0.1\n"
            "          ^");
  EXPECT_EQ(errorOf("status == 4xx"),
            "invalid expression: invalid number '4xx' (numbers are integers; for a status class "
            "write status_class == \"4xx\")\n"
            "  status == 4xx\n"
            "            ^");
  EXPECT_EQ(errorOf("status == 404 @"),
            "invalid expression: unexpected character '@'\n"
            "  status == 404 @\n"
            "                ^");
}

TEST(PredicateErrors, UnterminatedString) {
  EXPECT_EQ(errorOf(R"(path == "/robots.txt)"),
            "invalid expression: unterminated string (no closing \")\n"
            "  path == \"/robots.txt\n"
            "          ^");
  EXPECT_EQ(errorOf(R"(path == '/a\')"),
            "invalid expression: unterminated string (no closing ')\n"
            "  path == '/a\\'\n"
            "          ^");
}

TEST(PredicateErrors, MissingClosingParenthesis) {
  EXPECT_EQ(errorOf("(status == 404 or status == 410"),
            "invalid expression: missing ')' to close the '(' at column 1\n"
            "  (status == 404 or status == 410\n"
            "                                 ^");
  EXPECT_EQ(errorOf("(status == 404 path == \"/\")"),
            "invalid expression: expected 'and', 'or' or ')' to close the '(' at column 1, found "
            "'path'\n"
            "  (status == 404 path == \"/\")\n"
            "                 ^");
  EXPECT_EQ(errorOf("status in (404, 410"),
            "invalid expression: missing ')' to close the list opened at column 11\n"
            "  status in (404, 410\n"
            "                     ^");
}

TEST(PredicateErrors, TrailingInput) {
  EXPECT_EQ(errorOf(R"(status == 404 path == "/")"),
            "invalid expression: unexpected 'path' after a complete condition (missing 'and' or "
            "'or'?)\n"
            "  status == 404 path == \"/\"\n"
            "                ^");
  EXPECT_EQ(errorOf("status == 404)"),
            "invalid expression: unmatched ')'\n"
            "  status == 404)\n"
            "               ^");
}

TEST(PredicateErrors, BadRegexShowsRe2sMessageAtTheLiteral) {
  EXPECT_EQ(errorOf(R"(path ~ "(abc")"),
            "invalid expression: invalid regular expression: missing ): (abc\n"
            "  path ~ \"(abc\"\n"
            "         ^");
  EXPECT_EQ(errorOf("path ~ 404"),
            "invalid expression: expected a quoted regular expression after '~', found '404'\n"
            "  path ~ 404\n"
            "         ^");
}

TEST(PredicateErrors, TypeMismatch) {
  EXPECT_EQ(errorOf(R"(status == "abc")"),
            "invalid expression: 'status' is a number and cannot be compared with \"abc\"\n"
            "  status == \"abc\"\n"
            "            ^");
  EXPECT_EQ(errorOf(R"(status in (404, "4xx"))"),
            "invalid expression: 'status' is a number and cannot be compared with \"4xx\" (for a "
            "status class write status_class == \"4xx\")\n"
            "  status in (404, \"4xx\")\n"
            "                  ^");
  EXPECT_EQ(errorOf("bytes > true"),
            "invalid expression: 'bytes' is a number and cannot be compared with 'true'\n"
            "  bytes > true\n"
            "          ^");
  EXPECT_EQ(errorOf("time >= 2015"),
            "invalid expression: 'time' compares with a quoted date and time such as "
            "\"2015-05-17T10:05:03Z\", not with '2015'\n"
            "  time >= 2015\n"
            "          ^");
  EXPECT_EQ(errorOf(R"(time >= "2015-02-30")"),
            "invalid expression: invalid time \"2015-02-30\" (write e.g. \"2015-05-17\", "
            "\"2015-05-17T10:05\" or \"2015-05-17T10:05:03+02:00\")\n"
            "  time >= \"2015-02-30\"\n"
            "          ^");
  EXPECT_EQ(errorOf("status == 99999999999999999999"),
            "invalid expression: number out of range: 99999999999999999999\n"
            "  status == 99999999999999999999\n"
            "            ^");
}

TEST(PredicateErrors, ValuesOutsideAClosedSet) {
  EXPECT_EQ(
      errorOf(R"(weekday == "sunday")"),
      "invalid expression: unknown weekday \"sunday\" (weekday is one of: Mon, Tue, Wed, Thu, "
      "Fri, Sat, Sun)\n"
      "  weekday == \"sunday\"\n"
      "             ^");
  const std::string browser = errorOf(R"(browser in ("Chrome", "chrome"))");
  EXPECT_TRUE(
      browser.starts_with("invalid expression: unknown browser \"chrome\" (browser is one of: "
                          "Crawlers, Game Systems, Edge, "))
      << browser;
  EXPECT_TRUE(
      browser.ends_with(", Unknown)\n  browser in (\"Chrome\", \"chrome\")\n"
                        "                        ^"))
      << browser;
  EXPECT_EQ(errorOf(R"(date == "17/May/2015")"),
            "invalid expression: invalid date \"17/May/2015\" (dates are written YYYY-MM-DD, e.g. "
            "\"2015-05-17\")\n"
            "  date == \"17/May/2015\"\n"
            "          ^");
  EXPECT_EQ(errorOf(R"(status_class == "404")"),
            "invalid expression: invalid status class \"404\" (write e.g. \"4xx\")\n"
            "  status_class == \"404\"\n"
            "                  ^");
}

TEST(PredicateErrors, EmptyInList) {
  EXPECT_EQ(errorOf("status in ()"),
            "invalid expression: empty list after 'in' (give at least one value)\n"
            "  status in ()\n"
            "             ^");
  EXPECT_EQ(errorOf("status in 404"),
            "invalid expression: expected '(' after 'in', found '404'\n"
            "  status in 404\n"
            "            ^");
}

TEST(PredicateErrors, CaretCountsCharactersNotBytes) {
  EXPECT_EQ(errorOf("user == \"Jos\xC3\xA9\" oops"),
            "invalid expression: unexpected 'oops' after a complete condition (missing 'and' or "
            "'or'?)\n"
            "  user == \"Jos\xC3\xA9\" oops\n"
            "                 ^");
}

TEST(PredicateErrors, DeepNestingIsRefusedNotACrash) {
  const std::string deep = std::string(5000, '(') + "status == 1" + std::string(5000, ')');
  EXPECT_TRUE(errorOf(deep).starts_with("invalid expression: expression nested too deeply\n"));
  const std::string nots = std::string(5000, '!') + "status == 1";
  EXPECT_TRUE(errorOf(nots).starts_with("invalid expression: expression nested too deeply\n"));
}

TEST(PredicateFields, AreExactlyTheFieldsTheExpressionNames) {
  EXPECT_TRUE(Predicate("").fields().empty());
  EXPECT_EQ(Predicate("").fieldMask(), FieldMask());
  const Predicate p("status >= 500 and path ~ \"^/api/\"");
  EXPECT_EQ(p.fields(), (std::vector<Field>{Field::Path, Field::Status}));
  EXPECT_EQ(p.fieldMask().bits(), FieldMask::kPath | FieldMask::kStatus);
  const Predicate q("not (hour in (1, 2)) or (ext == \"css\" and hour != 3) or agent !~ \"bot\"");
  EXPECT_EQ(q.fields(), (std::vector<Field>{Field::Agent, Field::Hour, Field::Ext}));
  EXPECT_EQ(q.fieldMask().bits(), FieldMask::kAgent | FieldMask::kTimeText | FieldMask::kPath);
  EXPECT_EQ(Predicate("status_class == \"5xx\"").fieldMask(), FieldMask(FieldMask::kStatus));
}

// A record parsed with only the predicate's mask gives the same answer as a
// full parse, line by line, on a real log.
TEST(PredicateFields, MaskedParseMatchesLikeAFullParse) {
  std::ifstream in(std::string(LOGMILL_TEST_DATA) + "/elastic-apache-combined-2015.log");
  ASSERT_TRUE(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GT(lines.size(), 1000u);
  for (const char* expression :
       {"status >= 400", "path ~ \"^/projects/\" and method == \"GET\"",
        "host == \"83.149.9.216\" or agent ~ \"bot\"", "hour in (10, 11) and bytes > 10000",
        "ext == \"png\" or protocol != \"HTTP/1.1\" or referrer ~ \"semicomplete\"",
        "browser == \"Chrome\" and os != \"Windows\"", "date == \"2015-05-18\""}) {
    const Predicate predicate(expression);
    LineParser full("combined"), masked("combined");
    LogRecord all, some;
    std::size_t matched = 0;
    for (const std::string& line : lines) {
      ASSERT_EQ(full.parse(line, all), masked.parse(line, some, predicate.fieldMask()));
      const bool want = predicate.matches(all);
      ASSERT_EQ(predicate.matches(some), want) << expression << "\n" << line;
      matched += want;
    }
    EXPECT_GT(matched, 0u) << expression;
  }
}

TEST(Predicate, DurationComparesInSecondsWithDecimals) {
  LogRecord r = sample();
  r.durationMicros = 512000;
  EXPECT_TRUE(matches("duration > 0.5", r));
  EXPECT_FALSE(matches("duration > 0.512", r));
  EXPECT_TRUE(matches("duration >= 0.512", r));
  EXPECT_TRUE(matches("duration < 1", r));
  EXPECT_TRUE(matches("duration in (0.512, 2)", r));
  EXPECT_TRUE(matches(R"(duration ~ "^0\.512$")", r));
  r.durationMicros = -1;  // not in this format: only `!=` matches, as for bytes `-`
  EXPECT_FALSE(matches("duration > 0.5", r));
  EXPECT_TRUE(matches("duration != 0.5", r));
}

TEST(Predicate, DecimalsAreOnlyForDurations) {
  EXPECT_EQ(errorOf("status > 1.5"),
            "invalid expression: 'status' is a whole number and cannot be compared with 1.5\n"
            "  status > 1.5\n"
            "           ^");
  EXPECT_EQ(errorOf("duration > 0.1234567"),
            "invalid expression: invalid duration 0.1234567 (seconds with at most six decimals, "
            "e.g. 0.25)\n"
            "  duration > 0.1234567\n"
            "             ^");
}

}  // namespace
}  // namespace logmill::workers
