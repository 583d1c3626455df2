#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/workers/formatTesting.hpp"
#include "workers/parse/W3cFormat.hpp"

namespace logmill::workers {
namespace {

using testing::extraOf;
using testing::readLine;

constexpr std::string_view kIisFields =
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

TEST(W3cFormat, ReadsTheLayoutItsFieldsDirectiveNames) {
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  EXPECT_EQ(readLine(format, "#Software: Microsoft Internet Information Services 10.0", r),
            LineKind::Directive);
  EXPECT_EQ(readLine(format, "#Version: 1.0", r), LineKind::Directive);
  EXPECT_EQ(readLine(format, "#Date: 2026-11-30 08:00:00", r), LineKind::Directive);
  EXPECT_EQ(readLine(format, kIisFields, r), LineKind::Directive);
  ASSERT_EQ(readLine(format,
                     "2026-11-30 08:00:02 10.0.0.1 GET /img/logo.png v=2 443 alice 192.0.2.11 "
                     "Mozilla/5.0+(X11) https://www.example.org/ 200 0 0 48",
                     r),
            LineKind::Record);
  EXPECT_EQ(format.name(), "w3c");
  EXPECT_EQ(r.timeText, "2026-11-30 08:00:02");
  EXPECT_EQ(r.timeSyntax, TimeSyntax::Iso8601);
  ASSERT_TRUE(r.time());
  EXPECT_EQ(r.time()->epochSeconds, 1796025602);
  EXPECT_EQ(r.host, "192.0.2.11");
  EXPECT_EQ(r.user, "alice");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/img/logo.png?v=2");
  EXPECT_EQ(r.request, "GET /img/logo.png?v=2");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.bytes, -1);              // no sc-bytes column
  EXPECT_EQ(r.durationMicros, 48000);  // IIS: whole milliseconds
  EXPECT_EQ(r.agent, "Mozilla/5.0+(X11)");
  EXPECT_EQ(r.referrer, "https://www.example.org/");
  EXPECT_EQ(extraOf(format, r, "s_ip"), "10.0.0.1");
  EXPECT_EQ(extraOf(format, r, "cs_user_agent"), "Mozilla/5.0+(X11)");
  EXPECT_EQ(extraOf(format, r, "sc_win32_status"), "0");
  EXPECT_EQ(extraOf(format, r, "time_taken"), "48");
}

TEST(W3cFormat, ANewFieldsLineChangesTheLayoutFromThereOn) {
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  ASSERT_EQ(readLine(format, kIisFields, r), LineKind::Directive);
  const std::string shortLine = "2026-11-30 08:00:04 198.51.100.7 POST /v1 503 0 HTTP/1.1 api 3";
  EXPECT_EQ(readLine(format, shortLine, r), LineKind::Malformed);  // too few columns
  ASSERT_EQ(readLine(format,
                     "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes cs-version "
                     "cs-host time-taken",
                     r),
            LineKind::Directive);
  ASSERT_EQ(readLine(format, shortLine, r), LineKind::Record);
  EXPECT_EQ(r.host, "198.51.100.7");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.bytes, 0);
  EXPECT_EQ(r.protocol, "HTTP/1.1");
  EXPECT_EQ(r.vhost, "api");
  EXPECT_EQ(format.extraFieldNames().size(), 10u);
  EXPECT_EQ(extraOf(format, r, "s_ip"), "<none>");
}

TEST(W3cFormat, CloudFrontIsTabSeparatedWithSecondsAndTheViewersHost) {
  W3cFormat format = W3cFormat::generic();
  LogRecord r;
  ASSERT_EQ(readLine(format,
                     "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) "
                     "cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query "
                     "x-host-header time-taken cs-protocol-version",
                     r),
            LineKind::Directive);
  EXPECT_EQ(format.name(), "cloudfront");
  ASSERT_EQ(
      readLine(format,
               "2026-11-30\t08:00:03\tIAD89-P1\t366\t192.0.2.12\tGET\td1.cloudfront.net\t/"
               "robots.txt\t404\t-\tGooglebot/2.1%20(+http://www.google.com/bot.html)\t-\twww."
               "example.org\t0.500\tHTTP/1.1",
               r),
      LineKind::Record);
  EXPECT_EQ(r.path, "/robots.txt");
  EXPECT_EQ(r.durationMicros, 500000);
  EXPECT_EQ(r.vhost, "www.example.org");
  EXPECT_EQ(r.bytes, 366);
  EXPECT_EQ(extraOf(format, r, "x_edge_location"), "IAD89-P1");
  EXPECT_EQ(extraOf(format, r, "cs_host"), "d1.cloudfront.net");
}

TEST(W3cFormat, TheCloudFrontPresetAssumesItsDocumentedColumns) {
  W3cFormat format = W3cFormat::cloudFront();
  LogRecord r;
  std::string line =
      "2026-11-30\t08:00:01\tSFO5-C1\t5120\t192.0.2.10\tGET\td1.cloudfront.net\t/\t200\t-\tcurl/"
      "8.4.0\t-\t-\tMiss\tGx1\twww.example.org\thttps\t34\t2\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\t"
      "Miss\tHTTP/1.1\t-\t-\t2817\t0.011\tMiss\ttext/html\t5120\t-\t-";
  ASSERT_EQ(readLine(format, line, r), LineKind::Record);
  EXPECT_EQ(r.durationMicros, 2000000);  // CloudFront: seconds, even without a point
  EXPECT_EQ(extraOf(format, r, "time_to_first_byte"), "0.011");
  EXPECT_TRUE(format.fileProblem().empty());
}

TEST(W3cFormat, ARecordBeforeAnyFieldsLineIsTheFilesProblem) {
  const std::string record = "2026-11-30 08:00:01 10.0.0.1 GET / - 80 - 192.0.2.10 c - 200 0 0 1";
  {
    W3cFormat named = W3cFormat::generic(true);
    LogRecord r;
    EXPECT_EQ(readLine(named, record, r), LineKind::Malformed);
    EXPECT_EQ(named.fileProblem(), "W3C log without a #Fields: line before its first record");
  }
  {
    // Under auto, a line that is not W3C says nothing, unless the file
    // announced itself with a directive first.
    W3cFormat guessed = W3cFormat::generic();
    LogRecord r;
    EXPECT_EQ(readLine(guessed, record, r), LineKind::Malformed);
    EXPECT_TRUE(guessed.fileProblem().empty());
    EXPECT_EQ(readLine(guessed, "#Version: 1.0", r), LineKind::Directive);
    EXPECT_EQ(readLine(guessed, record, r), LineKind::Malformed);
    EXPECT_FALSE(guessed.fileProblem().empty());
  }
}

TEST(W3cFormat, ValuesOfEveryLengthAndPlaceAreSplitExactly) {
  // Separators land at every offset of the 16-byte blocks the splitter reads.
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  ASSERT_EQ(readLine(format, "#Fields: x-a x-b x-c x-d x-e", r), LineKind::Directive);
  for (std::size_t a = 1; a < 40; ++a) {
    for (std::size_t b = 1; b < 20; ++b) {
      const std::string va(a, 'a'), vb(b, 'b'), vc(a + b, 'c');
      for (const char sep : {' ', '\t'}) {
        const std::string s(1, sep);
        const std::string line = va + s + vb + s + vc + s + "d" + s + vb;
        ASSERT_EQ(readLine(format, line, r), LineKind::Record) << line;
        EXPECT_EQ(extraOf(format, r, "x_a"), va);
        EXPECT_EQ(extraOf(format, r, "x_b"), vb);
        EXPECT_EQ(extraOf(format, r, "x_c"), vc);
        EXPECT_EQ(extraOf(format, r, "x_e"), vb);
        EXPECT_EQ(readLine(format, line + s, r), LineKind::Malformed);        // empty last value
        EXPECT_EQ(readLine(format, line + s + "f", r), LineKind::Malformed);  // one too many
        EXPECT_EQ(readLine(format, va + s + vb + s + vc + s + "d", r), LineKind::Malformed);
        EXPECT_EQ(readLine(format, va + s + s + vc + s + "d" + s + vb, r), LineKind::Malformed);
      }
    }
  }
}

TEST(W3cFormat, HostileLinesAcrossTheSplittersBlocksAreSplitAsByHand) {
  // The splitter reads 64 bytes at a time and writes separator offsets 8 at
  // a time: values of every length put separators at every offset of a
  // block and several blocks into a line; each line is also decided by
  // hand (as many values as columns, none empty) and the two must agree.
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  ASSERT_EQ(readLine(format, "#Fields: x-a x-b x-c x-d x-e x-f x-g x-h x-i x-j", r),
            LineKind::Directive);
  const auto byHand = [](std::string_view line, char sep, std::vector<std::string_view>& values) {
    values.clear();
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == sep) {
        values.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    }
    if (values.size() != 10) return false;
    for (const std::string_view v : values) {
      if (v.empty()) return false;
    }
    return true;
  };
  std::vector<std::string_view> values;
  std::size_t records = 0, malformed = 0;
  for (std::size_t width = 1; width < 140; width += 3) {
    for (std::size_t columns = 8; columns <= 12; ++columns) {
      for (const char sep : {' ', '\t'}) {
        std::string line;
        for (std::size_t c = 0; c < columns; ++c) {
          if (c != 0) line += sep;
          line += std::string(width + c % 3, static_cast<char>('a' + c));
        }
        for (const std::string& variant :
             {line, std::string(1, sep) + line, line + sep,
              line.substr(0, line.size() / 2) + sep + line.substr(line.size() / 2)}) {
          const bool expected = byHand(variant, sep, values);
          ASSERT_EQ(readLine(format, variant, r), expected ? LineKind::Record : LineKind::Malformed)
              << variant;
          if (!expected) {
            ++malformed;
            continue;
          }
          ++records;
          ASSERT_EQ(r.extraCount, 10u);
          for (std::size_t i = 0; i < 10; ++i) ASSERT_EQ(r.extras[i], values[i]) << variant;
        }
      }
    }
  }
  EXPECT_GT(records, 50u);
  EXPECT_GT(malformed, 50u);
}

TEST(W3cFormat, BlocksDenseWithSeparatorsAreSplitExactly) {
  // One-byte values: up to 32 separators in a 64-byte block, more than the
  // 8 offsets the splitter always writes, over several blocks.
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  constexpr std::size_t kColumns = 100;
  std::string fields = "#Fields:";
  for (std::size_t c = 0; c < kColumns; ++c) fields += " x-c" + std::to_string(c);
  ASSERT_EQ(readLine(format, fields, r), LineKind::Directive);
  for (const char sep : {' ', '\t'}) {
    std::string line;
    for (std::size_t c = 0; c < kColumns; ++c) {
      if (c != 0) line += sep;
      line += static_cast<char>('a' + c % 26);
      if (c % 7 == 3) line += "xy";  // some longer, so separators shift across blocks
    }
    ASSERT_EQ(readLine(format, line, r), LineKind::Record) << line;
    ASSERT_EQ(r.extraCount, kColumns);
    std::size_t start = 0;
    for (std::size_t c = 0; c < kColumns; ++c) {
      const std::size_t end = std::min(line.find(sep, start), line.size());
      ASSERT_EQ(r.extras[c], std::string_view(line).substr(start, end - start)) << c;
      start = end + 1;
    }
    EXPECT_EQ(readLine(format, line + sep + "z", r), LineKind::Malformed);  // one too many
    EXPECT_EQ(readLine(format, line.substr(0, line.rfind(sep)), r), LineKind::Malformed);
    std::string empty = line;
    empty.insert(empty.find(sep, 70), 1, sep);  // an empty value deep in the line
    EXPECT_EQ(readLine(format, empty, r), LineKind::Malformed);
  }
}

TEST(W3cFormat, TimeTakenIsMillisecondsUnlessItHasADecimalPoint) {
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  ASSERT_EQ(readLine(format, "#Fields: c-ip time-taken sc-status", r), LineKind::Directive);
  ASSERT_EQ(readLine(format, "192.0.2.1 48 200", r), LineKind::Record);
  EXPECT_EQ(r.durationMicros, 48'000);
  ASSERT_EQ(readLine(format, "192.0.2.1 0.048 200", r), LineKind::Record);
  EXPECT_EQ(r.durationMicros, 48'000);
  ASSERT_EQ(readLine(format, "192.0.2.1 - 200", r), LineKind::Record);
  EXPECT_EQ(r.durationMicros, -1);
  EXPECT_EQ(readLine(format, "192.0.2.1 0.0.1 200", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "192.0.2.1 .5 200", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "192.0.2.1 4x 200", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "192.0.2.1 48 2000", r), LineKind::Malformed);
}

TEST(W3cFormat, HugeAndMixedSeparatorLines) {
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  ASSERT_EQ(readLine(format, "#Fields: date time c-ip cs-uri-stem sc-status", r),
            LineKind::Directive);
  // A megabyte path is one value; the line stays a record.
  const std::string path = "/" + std::string(1 << 20, 'p');
  const std::string huge = "2026-11-30 08:00:01 192.0.2.1 " + path + " 200";
  ASSERT_EQ(readLine(format, huge, r), LineKind::Record);
  EXPECT_EQ(r.path, path);
  EXPECT_EQ(r.status, 200);
  // The first separator decides: a tab there makes the spaces part of values.
  EXPECT_EQ(readLine(format, "2026-11-30\t08:00:01 192.0.2.1 / 200", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "2026-11-30 08:00:01\t192.0.2.1 / 200", r), LineKind::Malformed);
  ASSERT_EQ(readLine(format, "2026-11-30\t08:00:01\t192.0.2.1\t/a b\t200", r), LineKind::Record);
  EXPECT_EQ(r.path, "/a b");
  // Thousands of separators: far more columns than the layout.
  std::string many = "2026-11-30 08:00:01 192.0.2.1 / 200";
  for (int i = 0; i < 5000; ++i) many += " x";
  EXPECT_EQ(readLine(format, many, r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, " ", r), LineKind::Malformed);
}

TEST(W3cFormat, BadDirectivesAndLinesAreMalformed) {
  W3cFormat format = W3cFormat::generic(true);
  LogRecord r;
  EXPECT_EQ(readLine(format, "#Fields:", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "# just a comment", r), LineKind::Malformed);
  std::string tooMany = "#Fields:";
  for (std::size_t i = 0; i <= W3cFormat::kMaxFields; ++i) tooMany += " x-f" + std::to_string(i);
  EXPECT_EQ(readLine(format, tooMany, r), LineKind::Malformed);
  ASSERT_EQ(readLine(format, "#Fields: date time c-ip sc-status time-taken", r),
            LineKind::Directive);
  EXPECT_EQ(readLine(format, "2026-11-30 08:00:01 192.0.2.1 200 5", r), LineKind::Record);
  EXPECT_EQ(readLine(format, "2026-11-30 08:00:01 192.0.2.1  200 5", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "2026-1x-30 08:00:01 192.0.2.1 200 5", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "2026-11-30 08:0:01 192.0.2.1 200 5", r), LineKind::Malformed);
  // As for CLF times, the shape makes the record; the calendar its time.
  ASSERT_EQ(readLine(format, "2026-13-30 08:00:01 192.0.2.1 200 5", r), LineKind::Record);
  EXPECT_FALSE(r.time().has_value());
  EXPECT_EQ(readLine(format, "2026-11-30 08:00:01 192.0.2.1 OK 5", r), LineKind::Malformed);
  EXPECT_EQ(readLine(format, "2026-11-30 08:00:01 192.0.2.1 200 5 6", r), LineKind::Malformed);
  EXPECT_EQ(
      readLine(format, "192.0.2.10 - - [30/Nov/2026:08:00:06 +0000] \"GET / HTTP/1.1\" 200 5", r),
      LineKind::Malformed);
}

}  // namespace
}  // namespace logmill::workers
