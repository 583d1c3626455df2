#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "datasets/Generator.hpp"
#include "datasets/Sha256.hpp"

namespace logmill::datasets {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// Inflates a whole gzip file with zlib, independently of the generator.
std::string gunzip(const fs::path& path) {
  const std::string packed = readFile(path);
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  std::string text;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&stream);
      throw std::runtime_error("bad gzip stream in " + path.string());
    }
    text.append(buffer, sizeof buffer - stream.avail_out);
  }
  const bool trailing = stream.avail_in != 0;
  inflateEnd(&stream);
  if (trailing) throw std::runtime_error("bytes after the gzip stream in " + path.string());
  return text;
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) throw std::runtime_error("last line has no newline");
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// What an Apache combined line holds for the key, read by a strict
/// hand-written check that shares no code with the generator.
struct Combined {
  std::string_view host;
  std::string_view time;
  std::string_view path;
  int status = 0;
};

std::optional<std::string_view> takeUntil(std::string_view& rest, char stop) {
  const auto end = rest.find(stop);
  if (end == std::string_view::npos || end == 0) return std::nullopt;
  const auto token = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return token;
}

std::optional<std::string_view> takeQuoted(std::string_view& rest) {
  if (rest.empty() || rest.front() != '"') return std::nullopt;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\') {
      ++i;
    } else if (rest[i] == '"') {
      const auto inside = rest.substr(1, i - 1);
      rest.remove_prefix(i + 1);
      return inside;
    }
  }
  return std::nullopt;
}

bool isClfTime(std::string_view t) {
  // dd/Mon/yyyy:HH:MM:SS +zzzz
  static constexpr std::string_view kShape = "00/Mmm/0000:00:00:00 +0000";
  static const std::set<std::string_view> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (t.size() != kShape.size() || !kMonths.contains(t.substr(3, 3))) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(t[i])) != 0;
    if (kShape[i] == '0' && !digit) return false;
    if (kShape[i] == '+' && t[i] != '+' && t[i] != '-') return false;
    if ((kShape[i] == '/' || kShape[i] == ':' || kShape[i] == ' ') && t[i] != kShape[i]) {
      return false;
    }
  }
  return true;
}

std::optional<Combined> parseCombined(std::string_view line) {
  Combined out;
  std::string_view rest = line;
  const auto host = takeUntil(rest, ' ');
  const auto ident = takeUntil(rest, ' ');
  const auto user = takeUntil(rest, ' ');
  if (!host || !ident || !user || rest.empty() || rest.front() != '[') return std::nullopt;
  rest.remove_prefix(1);
  const auto time = takeUntil(rest, ']');
  if (!time || !isClfTime(*time) || rest.empty() || rest.front() != ' ') return std::nullopt;
  rest.remove_prefix(1);
  const auto request = takeQuoted(rest);
  if (!request || request->empty() || rest.size() < 6 || rest[0] != ' ') return std::nullopt;
  const std::string_view status = rest.substr(1, 3);
  if (!std::all_of(status.begin(), status.end(), ::isdigit) || rest[4] != ' ') return std::nullopt;
  rest.remove_prefix(5);
  const auto bytes = takeUntil(rest, ' ');
  if (!bytes || (*bytes != "-" && !std::all_of(bytes->begin(), bytes->end(), ::isdigit))) {
    return std::nullopt;
  }
  const auto referrer = takeQuoted(rest);
  if (!referrer || rest.empty() || rest.front() != ' ') return std::nullopt;
  rest.remove_prefix(1);
  const auto agent = takeQuoted(rest);
  if (!agent || !rest.empty()) return std::nullopt;

  out.host = *host;
  out.time = *time;
  out.status = std::stoi(std::string(status));
  // The request target is the second word; a request without a space is
  // all target.
  const auto space = request->find(' ');
  if (space == std::string_view::npos) {
    out.path = *request;
  } else {
    const auto next = request->find(' ', space + 1);
    out.path = request->substr(space + 1, next == std::string_view::npos ? next : next - space - 1);
  }
  return out;
}

class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_root = fs::temp_directory_path() /
             ("logmill-gen-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(m_root);
  }
  void TearDown() override { fs::remove_all(m_root); }

  GenOptions options(const std::string& name, std::uint64_t seed = 1) const {
    GenOptions opts;
    opts.dir = (m_root / name).string();
    opts.files = 3;
    opts.linesPerFile = 20'000;
    opts.seed = seed;
    return opts;
  }

  fs::path m_root;
};

TEST_F(GeneratorTest, SameSeedGivesSameBytesAndOtherSeedOtherBytes) {
  const AnswerKey a = generate(options("a"));
  const AnswerKey b = generate(options("b"));
  const AnswerKey c = generate(options("c", 2));
  ASSERT_EQ(a.files.size(), 3u);
  for (const auto& name : a.files) {
    const std::string bytesA = readFile(m_root / "a" / name);
    EXPECT_EQ(bytesA, readFile(m_root / "b" / name)) << name;
    EXPECT_NE(bytesA, readFile(m_root / "c" / name)) << name;
  }
  EXPECT_EQ(readFile(m_root / "a" / kAnswerKeyFile), readFile(m_root / "b" / kAnswerKeyFile));
  EXPECT_EQ(a.toJson(), b.toJson());
  EXPECT_NE(a.robotsSha256, c.robotsSha256);
  // Files of one dataset differ from each other (each has its own stream).
  EXPECT_NE(readFile(m_root / "a" / a.files[0]), readFile(m_root / "a" / a.files[1]));
}

TEST_F(GeneratorTest, OutputTextIsPinnedAcrossMachines) {
  // The uncompressed text depends on nothing but the options: no std::hash
  // order, no <random> distribution, no clock. Update this digest only when
  // the generator's output is meant to change.
  GenOptions opts = options("pin", 7);
  opts.files = 1;
  opts.linesPerFile = 3'000;
  const AnswerKey key = generate(opts);
  const std::string text = gunzip(m_root / "pin" / key.files[0]);
  EXPECT_EQ(sha256Hex(text), "2d60223bfca0e51d4d2e8253fb47e27a678a0a3ad8e58fd8a226703c22aa28e0");
}

TEST_F(GeneratorTest, GzipHeaderIsFixed) {
  generate(options("h"));
  const std::string bytes = readFile(m_root / "h" / "access-000.log.gz");
  ASSERT_GE(bytes.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);
  EXPECT_EQ(bytes[2], 8);                               // deflate
  EXPECT_EQ(bytes[3], 0);                               // no name, comment or extra
  EXPECT_EQ(bytes.substr(4, 4), std::string(4, '\0'));  // mtime 0
  EXPECT_EQ(bytes[9], 3);                               // OS: Unix, whatever built it
}

TEST_F(GeneratorTest, AnswerKeyMatchesAnIndependentReadOfTheFiles) {
  const GenOptions opts = options("k");
  const AnswerKey key = generate(opts);
  EXPECT_THAT(key.files, ::testing::ElementsAre("access-000.log.gz", "access-001.log.gz",
                                                "access-002.log.gz"));
  std::uint64_t lines = 0;
  std::uint64_t parsed = 0;
  std::map<int, std::uint64_t> statuses;
  std::map<std::string, std::uint64_t, std::less<>> paths;
  std::set<std::string> robotsByParse;
  std::set<std::string> robotsBySplit;
  for (const auto& name : key.files) {
    const std::string text = gunzip(fs::path(opts.dir) / name);
    const auto fileLines = splitLines(text);
    EXPECT_EQ(fileLines.size(), opts.linesPerFile) << name;
    for (std::string_view line : fileLines) {
      ASSERT_FALSE(line.empty()) << name << " has an empty line";
      ++lines;
      // The simplest robots scan: whitespace fields, the 7th is the target.
      std::istringstream fields{std::string(line)};
      std::vector<std::string> words{std::istream_iterator<std::string>(fields), {}};
      if (words.size() >= 7 && words[6] == "/robots.txt") robotsBySplit.insert(words[0]);
      const auto record = parseCombined(line);
      if (!record) continue;
      ++parsed;
      ++statuses[record->status];
      ++paths[std::string(record->path)];
      if (record->path == "/robots.txt") robotsByParse.emplace(record->host);
    }
  }
  EXPECT_EQ(key.lines, lines);
  EXPECT_EQ(key.parsed, parsed);
  EXPECT_EQ(key.malformed, lines - parsed);
  EXPECT_EQ(key.statusCounts, statuses);

  EXPECT_EQ(robotsBySplit, robotsByParse);
  EXPECT_EQ(key.robotsHosts, robotsBySplit.size());
  std::string list;
  for (const auto& host : robotsBySplit) list += host + "\n";  // std::set<string>: bytewise
  EXPECT_EQ(key.robotsSha256, sha256Hex(list));

  std::vector<std::pair<std::string, std::uint64_t>> top(paths.begin(), paths.end());
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  top.resize(10);
  EXPECT_EQ(key.topPaths, top);
}

TEST_F(GeneratorTest, CountsAreConsistentAndSharesRealistic) {
  const AnswerKey key = generate(options("s"));
  std::uint64_t sum = 0;
  for (const auto& [status, count] : key.statusCounts) sum += count;
  EXPECT_EQ(sum, key.parsed);
  EXPECT_EQ(key.parsed + key.malformed, key.lines);
  EXPECT_EQ(key.lines, 60'000u);
  // ~0.1% malformed: 60 expected.
  EXPECT_GT(key.malformed, 25u);
  EXPECT_LT(key.malformed, 120u);
  for (int status : {200, 206, 301, 302, 304, 400, 401, 403, 404, 416, 500, 502, 503}) {
    EXPECT_GT(key.statusCounts.count(status), 0u) << status;
  }
  EXPECT_GT(key.statusCounts.at(200), key.parsed * 7 / 10);
  EXPECT_GT(key.robotsHosts, 20u);
  ASSERT_EQ(key.topPaths.size(), 10u);
  for (std::size_t i = 1; i < key.topPaths.size(); ++i) {
    EXPECT_GE(key.topPaths[i - 1].second, key.topPaths[i].second);
  }
}

TEST_F(GeneratorTest, LinesHaveTheRequiredVariety) {
  const GenOptions opts = options("v");
  const AnswerKey key = generate(opts);
  std::string text;
  for (const auto& name : key.files) text += gunzip(fs::path(opts.dir) / name);
  EXPECT_THAT(text, HasSubstr("\"GET /robots.txt HTTP/1."));
  EXPECT_THAT(text, HasSubstr("\"GET /robots.txt?x=1 HTTP/1.1\""));  // must not count
  EXPECT_THAT(text, HasSubstr("\"\\x16\\x03\\x01"));                 // TLS on port 80
  EXPECT_THAT(text, HasSubstr(" [error] "));                         // nginx error log
  EXPECT_THAT(text, HasSubstr("2001:db8:"));
  EXPECT_THAT(text, HasSubstr(".googlebot.com - - ["));
  for (const char* agent :
       {"Chrome/", "Firefox/", "Version/17.1 Safari/", "Edg/", "Android", "iPhone", "Googlebot",
        "bingbot", "YandexBot", "AhrefsBot", "curl/", "python-requests/"}) {
    EXPECT_THAT(text, HasSubstr(agent));
  }
  for (const char* method : {"\"POST ", "\"HEAD ", "\"PUT ", "\"DELETE ", "\"OPTIONS "}) {
    EXPECT_THAT(text, HasSubstr(method));
  }
  EXPECT_THAT(text, HasSubstr(" 304 - \""));
  EXPECT_THAT(text, ::testing::ContainsRegex("\"GET /[^ \"]*\" (200|400) "));  // no protocol
  EXPECT_THAT(text, ::testing::ContainsRegex(" - [a-z0-9]+ \\["));             // a user name
}

TEST_F(GeneratorTest, TimestampsClimbThroughTheDayWithOneZonePerFile) {
  const GenOptions opts = options("t");
  const AnswerKey key = generate(opts);
  std::set<std::string> days;
  for (const auto& name : key.files) {
    const std::string text = gunzip(fs::path(opts.dir) / name);
    std::set<std::string_view> zones;
    std::string_view previous;
    std::string_view first;
    for (std::string_view line : splitLines(text)) {
      const auto record = parseCombined(line);
      if (!record) continue;
      zones.insert(record->time.substr(21));
      days.emplace(record->time.substr(0, 11));
      const std::string_view clock = record->time.substr(12, 8);  // HH:MM:SS, one day per file
      if (first.empty()) first = clock;
      // Jitter of a few seconds only: never more than a minute backwards.
      if (!previous.empty() && clock < previous) {
        EXPECT_EQ(clock.substr(0, 4), previous.substr(0, 4)) << line;
      }
      previous = clock;
    }
    EXPECT_EQ(zones.size(), 1u) << name;
    EXPECT_LT(first, "00:01:00") << name;
    EXPECT_GT(previous, "23:58:00") << name;
  }
  EXPECT_EQ(days.size(), key.files.size());
}

TEST_F(GeneratorTest, AnswerKeyJsonIsWrittenAndReadable) {
  const GenOptions opts = options("j");
  const AnswerKey key = generate(opts);
  const std::string written = readFile(fs::path(opts.dir) / kAnswerKeyFile);
  EXPECT_EQ(written, key.toJson());
  const auto json = nlohmann::json::parse(written);
  EXPECT_EQ(json.at("lines").get<std::uint64_t>(), key.lines);
  EXPECT_EQ(json.at("parsed").get<std::uint64_t>(), key.parsed);
  EXPECT_EQ(json.at("malformed").get<std::uint64_t>(), key.malformed);
  EXPECT_EQ(json.at("status_counts").at("200").get<std::uint64_t>(), key.statusCounts.at(200));
  EXPECT_EQ(json.at("status_counts").size(), key.statusCounts.size());
  EXPECT_EQ(json.at("robots_hosts").get<std::uint64_t>(), key.robotsHosts);
  EXPECT_EQ(json.at("robots_sha256").get<std::string>(), key.robotsSha256);
  ASSERT_EQ(json.at("top_paths").size(), 10u);
  EXPECT_EQ(json.at("top_paths")[0][0].get<std::string>(), key.topPaths[0].first);
  EXPECT_EQ(json.at("top_paths")[0][1].get<std::uint64_t>(), key.topPaths[0].second);
  EXPECT_EQ(json.at("files").get<std::vector<std::string>>(), key.files);
  EXPECT_EQ(json.at("seed").get<std::uint64_t>(), 1u);
  EXPECT_EQ(json.at("lines_per_file").get<std::uint64_t>(), 20'000u);
}

TEST_F(GeneratorTest, ZeroLinesGivesEmptyValidFilesAndEmptyKey) {
  GenOptions opts = options("z");
  opts.linesPerFile = 0;
  const AnswerKey key = generate(opts);
  EXPECT_EQ(key.lines, 0u);
  EXPECT_EQ(key.robotsHosts, 0u);
  EXPECT_EQ(key.robotsSha256, sha256Hex(""));
  EXPECT_TRUE(key.topPaths.empty());
  for (const auto& name : key.files) EXPECT_EQ(gunzip(fs::path(opts.dir) / name), "");
  EXPECT_TRUE(nlohmann::json::parse(key.toJson()).is_object());
}

TEST_F(GeneratorTest, IoErrorsNameThePath) {
  fs::create_directories(m_root);
  const fs::path blocker = m_root / "plain-file";
  std::ofstream(blocker) << "not a directory";
  GenOptions opts = options("unused");
  opts.dir = (blocker / "sub").string();
  try {
    generate(opts);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(opts.dir));
  }

  // A directory squatting on an output file's name.
  opts = options("squat");
  fs::create_directories(fs::path(opts.dir) / "access-001.log.gz");
  try {
    generate(opts);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("access-001.log.gz"));
    EXPECT_THAT(e.what(), HasSubstr("cannot create"));
  }
}

TEST_F(GeneratorTest, RobotsPercentAddsCrawlerRobotsFetchesAndKeepsTheKeyTrue) {
  GenOptions opts = options("crawled");
  opts.robotsPercent = 10;
  const AnswerKey heavy = generate(opts);
  const AnswerKey plain = generate(options("plain"));
  const auto robotsShare = [](const AnswerKey& key, const fs::path& dir) {
    std::uint64_t robots = 0, lines = 0;
    for (const auto& name : key.files) {
      const std::string text = gunzip(dir / name);
      for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = text.find('\n', at);
        if (text.compare(at, end - at, "") != 0 &&
            text.substr(at, end - at).find("\"GET /robots.txt HTTP/") != std::string::npos) {
          ++robots;
        }
        ++lines;
        at = end + 1;
      }
    }
    return static_cast<double>(robots) / static_cast<double>(lines);
  };
  const double heavyShare = robotsShare(heavy, opts.dir);
  const double plainShare = robotsShare(plain, m_root / "plain");
  EXPECT_GT(heavyShare, plainShare + 0.085) << heavyShare << " vs " << plainShare;
  EXPECT_LT(heavyShare, plainShare + 0.115) << heavyShare << " vs " << plainShare;
  EXPECT_EQ(heavy.lines, plain.lines);
  EXPECT_GT(heavy.robotsHosts, plain.robotsHosts);  // more crawlers seen asking
  EXPECT_NE(heavy.robotsSha256, plain.robotsSha256);
  opts.robotsPercent = 91;
  EXPECT_THROW(generate(opts), std::invalid_argument);
}

TEST_F(GeneratorTest, RejectsBadOptions) {
  GenOptions opts = options("bad");
  opts.gzipLevel = 10;
  EXPECT_THROW(generate(opts), std::invalid_argument);
  opts.gzipLevel = 6;
  opts.files = 1001;
  EXPECT_THROW(generate(opts), std::invalid_argument);
}

}  // namespace
}  // namespace logmill::datasets
