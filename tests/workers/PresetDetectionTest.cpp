// Auto-detection over the preset samples in tests/data/formats: each file is
// recognised from its lines, and the Apache family still wins its own lines.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "workers/parse/LineParser.hpp"

namespace logmill::workers {
namespace {

struct Tally {
  std::map<std::string, int> records;  // by the name of the format that read them
  int malformed = 0;
  int directives = 0;
};

Tally readAll(const std::string& file, std::string_view spec) {
  std::ifstream in(std::string(LOGMILL_TEST_DATA) + "/formats/" + file);
  EXPECT_TRUE(in) << file;
  LineParser parser(spec);
  LogRecord record;
  Tally tally;
  for (std::string line; std::getline(in, line);) {
    switch (parser.read(line, record, FieldMask::all())) {
      case LineKind::Record:
        ++tally.records[std::string(parser.lastFormatName())];
        break;
      case LineKind::Malformed:
        ++tally.malformed;
        break;
      case LineKind::Directive:
        ++tally.directives;
        break;
    }
  }
  return tally;
}

TEST(PresetDetection, EachSampleIsRecognisedUnderAuto) {
  // Each sample ends with (or holds) one line of another format: under auto
  // that line is read as what it is; under the preset it is malformed.
  const std::map<std::string, std::string> samples = {{"alb.log", "alb"},
                                                      {"elb.log", "elb"},
                                                      {"s3.log", "s3"},
                                                      {"haproxy.log", "haproxy"},
                                                      {"cloudfront.log", "cloudfront"},
                                                      {"iis.log", "w3c"}};
  for (const auto& [file, preset] : samples) {
    const Tally fixed = readAll(file, preset);
    const Tally guessed = readAll(file, "auto");
    ASSERT_EQ(fixed.records.size(), 1u) << file;
    EXPECT_EQ(fixed.records.begin()->first, preset) << file;
    EXPECT_EQ(guessed.records.at(preset), fixed.records.begin()->second) << file;
    EXPECT_EQ(guessed.directives, fixed.directives) << file;
    EXPECT_GE(fixed.malformed, 1) << file;
  }
  EXPECT_EQ(readAll("iis.log", "w3c").directives, 8);
  EXPECT_EQ(readAll("cloudfront.log", "auto").records.at("combined"), 1);
  EXPECT_EQ(readAll("alb.log", "auto").records.at("combined"), 1);
}

TEST(PresetDetection, ApacheLinesStayWithTheApacheFamily) {
  LineParser parser("auto");
  LogRecord record;
  ASSERT_TRUE(parser.parse(
      "192.0.2.10 - - [30/Nov/2026:08:00:01 +0000] \"GET / HTTP/1.1\" 200 5120 \"-\" \"c\"",
      record));
  EXPECT_EQ(parser.lastFormatName(), "combined");
  // After a run of ALB lines, a combined line is still combined.
  std::ifstream in(std::string(LOGMILL_TEST_DATA) + "/formats/alb.log");
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  ASSERT_TRUE(parser.parse(line, record));
  EXPECT_EQ(parser.lastFormatName(), "alb");
  ASSERT_TRUE(parser.parse(
      "192.0.2.10 - - [30/Nov/2026:08:00:01 +0000] \"GET / HTTP/1.1\" 200 5120", record));
  EXPECT_EQ(parser.lastFormatName(), "common");
}

TEST(PresetDetection, PresetNamesAreAcceptedAndListedInTheError) {
  for (const char* name : {"alb", "elb", "s3", "cloudfront", "w3c", "haproxy"}) {
    EXPECT_NO_THROW(LineParser{name}) << name;
  }
  try {
    LineParser parser("albb");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("alb, elb, s3, cloudfront, w3c, haproxy"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace logmill::workers
