// The specialised scans of the common/combined family must agree with the
// compiled-steps interpreter on every line, and a parse with a FieldMask
// must agree with a full parse on validity and on the members asked for.

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/LogFormat.hpp"

namespace logmill::workers {
namespace {

const std::vector<std::string> kFixtures = {
    "crowdsec-actual-budget-whitelist.log", "crowdsec-apache2-malformed.log",
    "crowdsec-ipv6-postoverflow.log",       "crowdsec-nginx-http-malformed.log",
    "crowdsec-nginx_http-logs.log",         "elastic-apache-combined-2015.log",
};

// Lines that probe the edges of the scans: escapes, quotes inside fields,
// empty fields, lengths around 16 bytes, vhost ports, trailing extras.
const std::vector<std::string> kEdgeLines = {
    R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "a")",
    R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5)",
    R"(h - - [17/May/2015:10:05:03 +0000] "G\"E\\" 200 - "r\\\"" "\\")",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /a"b HTTP/1.0" 404 0 "" "")",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /a" "b" 200 1 "x" "y" "z")",
    R"(h - - [17/May/2015:10:05:03 +0000] "" 400 0 "-" "ag"ent")",
    R"(h - - [17/May/2015:10:05:03 +0000] "x" 200 1 "-" "agent" 0.003 "1.1.1.1")",
    R"(www.example.org:8080 h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "a")",
    R"([::1]:443 h - - [17/May/2015:10:05:03 -0700] "GET / HTTP/2.0" 200 5 "-" "a")",
    R"(h - - [17/May/2015:10:05:03 +0000] "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF /p HTTP/1.1" 200 1)",
    R"(h - - [17/May/2015:10:05:03 +0000] "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG /p HTTP/1.1" 200 1)",
    R"(h - - [17/May/2015:10:05:03 +0000] " /p HTTP/1.1" 200 1)",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /p RTSP/1.0" 200 1)",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /robots.txt" 200 1 "-" "bot")",
    R"(h - - [17/May/2015:10:05:03 +0000] "/robots.txt" 200 1 "-" "bot")",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /a b c HTTP/1.1" 200 123456789012345678)",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 1234567890123456789)",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 20 1)",
    R"(h - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 2000 1)",
    R"(h  - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 1)",
    R"(h - - [17/May/2015:10:05:03 +0000]  "GET /a HTTP/1.1" 200 1)",
    R"(h - - [7/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 1)",
    R"(h - - [17/May/2015:10:05:03 +0000]"GET /a HTTP/1.1" 200 1)",
    R"(a b c [17/May/2015:10:05:03 +0000] "" 200 1 "" "")",
    "h - - [17/May/2015:10:05:03 +0000] \"GET /\tHTTP/1.1\" 200 1 \"-\" \"a\\\"\"",
};

std::vector<std::string> readLines(const std::string& name) {
  const std::string path = std::string(LOGMILL_TEST_DATA) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> allLines() {
  std::vector<std::string> lines = kEdgeLines;
  for (const std::string& name : kFixtures) {
    for (std::string& line : readLines(name)) lines.push_back(std::move(line));
  }
  return lines;
}

/// Every member, printed, so a mismatch shows which one differs.
std::string describe(const LogRecord& r) {
  std::ostringstream s;
  s << "vhost=" << r.vhost << "|host=" << r.host << "|ident=" << r.ident << "|user=" << r.user
    << "|time=" << r.timeText << "|request=" << r.request << "|method=" << r.method
    << "|path=" << r.path << "|protocol=" << r.protocol << "|referrer=" << r.referrer
    << "|agent=" << r.agent << "|status=" << r.status << "|bytes=" << r.bytes
    << "|micros=" << r.durationMicros;
  return s.str();
}

/// Deterministic mutations of `line`: a byte replaced, inserted or deleted
/// (from the bytes the scans care about), or the line cut short.
class Mutator {
 public:
  std::string mutate(const std::string& line) {
    static constexpr std::string_view kBytes = " \"\\[]-:/09aA+\t";
    std::string out = line;
    const std::size_t edits = 1 + next() % 3;
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = out.empty() ? 0 : next() % (out.size() + 1);
      const char c = kBytes[next() % kBytes.size()];
      switch (next() % 4) {
        case 0:
          if (at < out.size()) out[at] = c;
          break;
        case 1:
          out.insert(at, 1, c);
          break;
        case 2:
          if (at < out.size()) out.erase(at, 1);
          break;
        default:
          out.resize(at);
      }
    }
    return out;
  }

 private:
  std::uint64_t next() {  // splitmix64: fixed seed, same mutations every run
    m_state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t m_state = 42;
};

struct Agreement {
  std::size_t valid = 0;
  std::size_t malformed = 0;
};

/// Parses `line` both ways with `format`; records the outcome in `tally`.
void expectSameAsSteps(const LogFormat& format, const std::string& line, Agreement& tally) {
  LogRecord fast;
  LogRecord steps;
  const bool fastOk = format.parse(line, fast);
  const bool stepsOk = format.parseBySteps(line, steps);
  ASSERT_EQ(fastOk, stepsOk) << format.name() << ": " << line;
  if (fastOk) {
    ASSERT_EQ(describe(fast), describe(steps)) << format.name() << ": " << line;
    ++tally.valid;
  } else {
    ++tally.malformed;
  }
}

std::vector<LogFormat> familyFormats() {
  std::vector<LogFormat> formats;
  formats.push_back(LogFormat::compile(kCombinedLogFormat, "combined"));
  formats.push_back(LogFormat::compile(kCommonLogFormat, "common"));
  formats.push_back(LogFormat::vhostCombined());
  formats.push_back(LogFormat::combinedWithExtras());
  // Same programs spelled differently, and one that has no specialised scan.
  formats.push_back(
      LogFormat::compile(R"(%a %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i")"));
  formats.push_back(
      LogFormat::compile(R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i" %D)"));
  return formats;
}

TEST(LogFormatScanTest, FixtureLinesParseAsTheStepsDo) {
  const std::vector<std::string> lines = allLines();
  for (const LogFormat& format : familyFormats()) {
    Agreement tally;
    for (const std::string& line : lines) {
      ASSERT_NO_FATAL_FAILURE(expectSameAsSteps(format, line, tally));
    }
    EXPECT_EQ(tally.valid + tally.malformed, lines.size());
  }
  // Both outcomes are exercised: the combined fixtures mostly parse, and
  // common rejects every combined line.
  Agreement combined;
  for (const std::string& line : lines) {
    expectSameAsSteps(familyFormats()[0], line, combined);
  }
  EXPECT_GT(combined.valid, 10000u);
  EXPECT_GT(combined.malformed, 5u);
}

TEST(LogFormatScanTest, MutatedLinesParseAsTheStepsDo) {
  const std::vector<std::string> lines = allLines();
  const std::vector<LogFormat> formats = familyFormats();
  Mutator mutator;
  std::vector<Agreement> tallies(formats.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    // Every edge line many times; every other fixture line a few times.
    const int rounds = i < kEdgeLines.size() ? 400 : (i % 2 == 0 ? 4 : 0);
    for (int round = 0; round < rounds; ++round) {
      const std::string mutated = mutator.mutate(lines[i]);
      for (std::size_t f = 0; f < formats.size(); ++f) {
        ASSERT_NO_FATAL_FAILURE(expectSameAsSteps(formats[f], mutated, tallies[f]));
      }
    }
  }
  // Mutations leave plenty of lines valid and break plenty.
  EXPECT_GT(tallies[0].valid, 1000u);
  EXPECT_GT(tallies[0].malformed, 1000u);
  EXPECT_GT(tallies[1].valid, 100u);
  EXPECT_GT(tallies[2].valid, 50u);
  EXPECT_GT(tallies[3].valid, 50u);
}

TEST(LogFormatScanTest, EveryPrefixOfALineParsesAsTheStepsDo) {
  // Cuts at every length cover each field's end and the 16-byte tail load.
  const std::vector<LogFormat> formats = familyFormats();
  for (const std::string& line : kEdgeLines) {
    for (std::size_t n = 0; n <= line.size(); ++n) {
      for (const LogFormat& format : formats) {
        Agreement tally;
        ASSERT_NO_FATAL_FAILURE(expectSameAsSteps(format, line.substr(0, n), tally));
      }
    }
  }
}

TEST(LogFormatScanTest, SplitRequestEdges) {
  LogRecord r;
  splitRequest("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF /p HTTP/1.1", r);  // 32-byte method
  EXPECT_EQ(r.method, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF");
  EXPECT_EQ(r.path, "/p");
  splitRequest("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG /p HTTP/1.1", r);  // 33: not a method
  EXPECT_EQ(r.method, "");
  EXPECT_EQ(r.path, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG /p HTTP/1.1");
  splitRequest("M-SEARCH * HTTP/1.1", r);
  EXPECT_EQ(r.method, "M-SEARCH");
  EXPECT_EQ(r.path, "*");
  EXPECT_EQ(r.protocol, "HTTP/1.1");
  splitRequest(" /p HTTP/1.1", r);
  EXPECT_EQ(r.method, "");
  EXPECT_EQ(r.path, " /p HTTP/1.1");
  splitRequest("GET", r);
  EXPECT_EQ(r.method, "");
  EXPECT_EQ(r.path, "GET");
  splitRequest("Get /p HTTP/1.1", r);
  EXPECT_EQ(r.method, "");
  splitRequest("GET /a b HTTP/2.0", r);
  EXPECT_EQ(r.path, "/a b");
  EXPECT_EQ(r.protocol, "HTTP/2.0");
}

TEST(FieldMaskTest, QueryFieldsMapToTheMembersTheyRead) {
  EXPECT_EQ(fieldMaskFor(Field::Ext), FieldMask(FieldMask::kPath));
  EXPECT_EQ(fieldMaskFor(Field::IsStatic), FieldMask(FieldMask::kPath));
  EXPECT_EQ(fieldMaskFor(Field::Hour), FieldMask(FieldMask::kTimeText));
  EXPECT_EQ(fieldMaskFor(Field::Weekday), FieldMask(FieldMask::kTimeText));
  EXPECT_EQ(fieldMaskFor(Field::StatusClass), FieldMask(FieldMask::kStatus));
  EXPECT_EQ(fieldMaskFor(Field::Browser), FieldMask(FieldMask::kAgent));
  EXPECT_EQ(fieldMaskFor(Field::Request), FieldMask(FieldMask::kRequest));
  EXPECT_EQ(fieldMaskFor({Field::Host, Field::Status}),
            FieldMask(FieldMask::kHost | FieldMask::kStatus));
  EXPECT_EQ(fieldMaskFor(std::vector<Field>{}), FieldMask());
  EXPECT_TRUE(FieldMask::all().has(FieldMask::kDuration));
  EXPECT_FALSE(FieldMask(FieldMask::kHost).has(FieldMask::kPath | FieldMask::kMethod));
}

/// The members of `r` that `mask` covers, printed; the rest as "?".
std::string describeMasked(const LogRecord& r, FieldMask mask) {
  auto pick = [mask](std::uint16_t part, auto value) {
    std::ostringstream s;
    if (mask.has(part)) {
      s << value;
    } else {
      s << '?';
    }
    return s.str() + "|";
  };
  using M = FieldMask;
  return pick(M::kVhost, r.vhost) + pick(M::kHost, r.host) + pick(M::kIdent, r.ident) +
         pick(M::kUser, r.user) + pick(M::kTimeText, r.timeText) + pick(M::kRequest, r.request) +
         pick(M::kMethod, r.method) + pick(M::kPath, r.path) + pick(M::kProtocol, r.protocol) +
         pick(M::kReferrer, r.referrer) + pick(M::kAgent, r.agent) + pick(M::kStatus, r.status) +
         pick(M::kBytes, r.bytes) + pick(M::kDuration, r.durationMicros);
}

TEST(FieldMaskTest, MaskedParseAgreesWithFullParseOnEveryLine) {
  const std::vector<std::string> lines = allLines();
  using M = FieldMask;
  const std::vector<FieldMask> masks = {
      M(M::kStatus),
      M(M::kHost | M::kPath),
      M(M::kMethod | M::kRequest),
      M(M::kTimeText | M::kAgent | M::kVhost | M::kBytes | M::kDuration),
      M(),
  };
  for (std::string_view spec : {"auto", "combined", "common"}) {
    for (FieldMask mask : masks) {
      // One parser each, both fed every line in order, as a run would be.
      LineParser full(spec);
      LineParser masked(spec);
      std::size_t parsed = 0;
      for (const std::string& line : lines) {
        LogRecord a;
        LogRecord b;
        const bool okFull = full.parse(line, a);
        const bool okMasked = masked.parse(line, b, mask);
        ASSERT_EQ(okFull, okMasked) << spec << " mask " << mask.bits() << ": " << line;
        if (!okFull) continue;
        ++parsed;
        ASSERT_EQ(describeMasked(a, mask), describeMasked(b, mask)) << spec << ": " << line;
        ASSERT_EQ(full.lastFormatName(), masked.lastFormatName()) << line;
      }
      if (spec != "common") {
        EXPECT_GT(parsed, 10000u) << spec;
      }
    }
  }
}

TEST(FieldMaskTest, RequestIsSplitOnlyWhenAPartOfItIsNeeded) {
  LineParser parser("combined");
  const std::string line = kEdgeLines[0];
  LogRecord r;
  ASSERT_TRUE(parser.parse(line, r, FieldMask(FieldMask::kStatus)));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.request, "GET / HTTP/1.1");
  EXPECT_EQ(r.path, "");  // not asked for, not split
  ASSERT_TRUE(parser.parse(line, r, FieldMask(FieldMask::kProtocol)));
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.protocol, "HTTP/1.1");
}

}  // namespace
}  // namespace logmill::workers
