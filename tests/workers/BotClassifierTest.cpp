// The bot fields and the report's bot and response-time parts. The whole
// test binary classifies with the fixture list: activeBotList() is loaded
// once per process from $LOGMILL_BOTS_LIST, set here before any test runs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/parse/BotList.hpp"
#include "workers/parse/Field.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/botFields.hpp"
#include "workers/report/ReportAggregate.hpp"

namespace logmill::workers {
namespace {

const std::string kData = LOGMILL_TEST_DATA;
const std::string kFixtureList = kData + "/bots/crawler-user-agents-fixture.json";
const bool kListChosen = ::setenv(kBotListEnv, kFixtureList.c_str(), 1) == 0;
constexpr std::string_view kFormat = R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i" %D)";

std::vector<std::string> botsLog() {
  std::ifstream in(kData + "/bots/bots-durations.log");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

ReportAggregate aggregate(const std::vector<std::string>& lines, std::size_t begin,
                          std::size_t end) {
  LineParser parser(kFormat);
  ReportAggregate a;
  LogRecord record;
  for (std::size_t i = begin; i < end; ++i) {
    if (parser.parse(lines[i], record)) a.add(record);
  }
  return a;
}

LogRecord withAgent(std::string_view agent, std::string_view path = "/") {
  LogRecord r;
  r.agent = agent;
  r.path = path;
  return r;
}

TEST(BotList, ReadsTheFixtureSkippingWhatRe2CannotCompile) {
  const BotList list = BotList::fromJsonFile(kFixtureList);
  EXPECT_EQ(list.size(), 5u);
  EXPECT_EQ(list.skipped(), 1u);  // Bot(?=ty): a look-ahead
  EXPECT_FALSE(list.isBuiltIn());
  const auto google = list.match("Mozilla/5.0 (compatible; Googlebot/2.1; +http://x/bot.html)");
  ASSERT_TRUE(google.has_value());
  // Googlebot/ and [a-z]*[Bb]ot both match: the first in list order wins.
  EXPECT_EQ(list.name(*google), "Googlebot");
  EXPECT_EQ(list.name(*list.match("Wget/1.21")), "wget");
  EXPECT_EQ(list.name(*list.match("curl/8.4.0")), "curl");
  EXPECT_FALSE(list.match("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0").has_value());
  EXPECT_FALSE(list.match("xcurl/1").has_value());  // (^| )curl\/ wants a word start
}

TEST(BotList, ErrorsNameTheFileAndTheProblem) {
  const auto message = [](const std::string& path) {
    try {
      (void)BotList::fromJsonFile(path);
    } catch (const BotListError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(kData + "/bots/none.json"),
            "cannot open bot list '" + kData + "/bots/none.json': No such file or directory");
  EXPECT_EQ(message(kData + "/bots/README.md"),
            "bot list '" + kData + "/bots/README.md': not valid JSON");
  const std::string noPattern = ::testing::TempDir() + "/no-pattern.json";
  std::ofstream(noPattern) << R"([{"pattern": "a"}, {"url": "b"}])";
  EXPECT_EQ(message(noPattern), "bot list '" + noPattern + "': entry 1 has no \"pattern\" string");
}

TEST(BotList, ReadsAListFromAPipeAndRefusesOneOver16MiB) {
  // A regular file is read in one buffer of its size; a pipe has no size
  // and is read growing the buffer: both give the same list.
  std::ifstream fixture(kFixtureList, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(fixture)), {});
  const std::string fifo = ::testing::TempDir() + "/bots-list.fifo";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
  const BotList piped = BotList::fromJsonFile(fifo);
  writer.join();
  ::unlink(fifo.c_str());
  EXPECT_EQ(piped.size(), 5u);
  EXPECT_EQ(piped.name(*piped.match("Wget/1.21")), "wget");

  const std::string big = ::testing::TempDir() + "/big-list.json";
  std::ofstream(big) << "[";
  ASSERT_EQ(::truncate(big.c_str(), (16 << 20) + 1), 0);  // sparse: nothing written
  try {
    (void)BotList::fromJsonFile(big);
    ADD_FAILURE() << "a 16 MiB + 1 list was read";
  } catch (const BotListError& e) {
    EXPECT_EQ(std::string(e.what()),
              "bot list '" + big + "': larger than 16 MiB, not a crawler list");
  }
  ::unlink(big.c_str());
}

TEST(BotList, BuiltInRulesCatchTheCommonWords) {
  const BotList list = BotList::builtIn();
  EXPECT_TRUE(list.isBuiltIn());
  EXPECT_EQ(list.name(*list.match("Mozilla/5.0 (compatible; bingbot/2.0)")), "bot");
  EXPECT_EQ(list.name(*list.match("Baiduspider+(+http://www.baidu.com)")), "spider");
  EXPECT_EQ(list.name(*list.match("curl/8.4.0")), "curl");
  EXPECT_EQ(list.name(*list.match("python-requests/2.31")), "python");
  EXPECT_FALSE(list.match("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36"));
}

TEST(BotList, NamesComeFromThePatternsLiteralText) {
  EXPECT_EQ(botNameFromPattern("Googlebot\\/"), "Googlebot");
  EXPECT_EQ(botNameFromPattern("AdsBot-Google([^-]|$)"), "AdsBot-Google");
  EXPECT_EQ(botNameFromPattern("[wW]get"), "wget");
  EXPECT_EQ(botNameFromPattern("(sistrix|SISTRIX) [cC]rawler"), "sistrix crawler");
  EXPECT_EQ(botNameFromPattern("(^| )sentry\\/"), "sentry");
  EXPECT_EQ(botNameFromPattern("^BW\\/"), "BW");
  EXPECT_EQ(botNameFromPattern("OpenGraph\\.io\\/"), "OpenGraph.io");
  EXPECT_EQ(botNameFromPattern("fetch?er"), "fetc");        // an optional letter is dropped
  EXPECT_EQ(botNameFromPattern("[a-z]*bot"), "[a-z]*bot");  // no literal text: the pattern
}

TEST(BotFields, ClassPerLine) {
  ASSERT_TRUE(kListChosen);
  EXPECT_EQ(activeBotList().source(), kFixtureList);
  EXPECT_EQ(botClass(withAgent("Googlebot/2.1")), BotClass::Declared);
  EXPECT_EQ(botClass(withAgent("Googlebot/2.1", "/robots.txt")), BotClass::Declared);
  EXPECT_EQ(botClass(withAgent("Firefox/120", "/robots.txt")), BotClass::Suspected);
  EXPECT_EQ(botClass(withAgent("-")), BotClass::Suspected);
  const std::string line = R"(a - - [30/Nov/2026:08:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "")";
  EXPECT_EQ(botClass(withAgent(std::string_view(line).substr(line.size() - 1, 0))),
            BotClass::Suspected);                                       // logged as ""
  EXPECT_EQ(botClass(withAgent(std::string_view())), BotClass::Human);  // no agent field
  EXPECT_EQ(botClass(withAgent("Firefox/120", "/robots.txt?x")), BotClass::Human);
  EXPECT_EQ(botName("Wget/1.21"), "wget");
  EXPECT_EQ(botName("Firefox/120"), "-");
  std::string text;
  appendFieldValue(withAgent("bingbot/2.0"), Field::Bot, text);
  appendFieldValue(withAgent("bingbot/2.0"), Field::BotName, text);
  EXPECT_EQ(text, "declaredbingbot");
  EXPECT_EQ(fieldFromName("bot_name"), Field::BotName);
  EXPECT_NE(botListSummary().find(kFixtureList), std::string::npos);
}

TEST(BotFields, TheVerdictCacheNeverConfusesAgents) {
  // More distinct agents than cache slots, each asked twice: every answer
  // must be the list's own.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 10000; ++i) {
      const std::string agent = (i % 3 == 0 ? "Wget/" : "Firefox/") + std::to_string(i);
      EXPECT_EQ(declaredBot(agent).has_value(), i % 3 == 0) << agent;
    }
  }
  const std::string longAgent = std::string(600, 'x') + " Googlebot/2.1";
  EXPECT_EQ(botName(longAgent), "Googlebot");  // beyond the cached length
}

TEST(SuspicionRules, EachRuleAtItsThreshold) {
  BotHostBehaviour h;
  h.hits = h.pages = kNoAssetsMinPages - 1;
  EXPECT_EQ(suspicionRules(h), "");
  h.hits = h.pages = kNoAssetsMinPages;
  EXPECT_EQ(suspicionRules(h), "no-assets");
  h.statics = 1;
  h.hits += 1;
  EXPECT_EQ(suspicionRules(h), "");
  h.robots = h.emptyAgent = true;
  EXPECT_EQ(suspicionRules(h), "robots.txt, empty-agent");
  BotHostBehaviour fast;
  fast.hits = fast.statics = kRateMinHits;
  fast.first = 1000;
  fast.last = 1000 + kRateMinHits - 1;  // 300 requests in 300 seconds: 1/s
  EXPECT_EQ(suspicionRules(fast), "rate");
  fast.last += 1;
  EXPECT_EQ(suspicionRules(fast), "");
  fast.hits = fast.statics = kRateMinHits - 1;
  fast.last = fast.first;
  EXPECT_EQ(suspicionRules(fast), "");  // fast, but too few requests
}

TEST(ReportBots, ClassesNamesAndHostsOfTheFixtureLog) {
  const std::vector<std::string> lines = botsLog();
  const ReportAggregate a = aggregate(lines, 0, lines.size());
  const ReportBots& bots = a.bots();
  EXPECT_EQ(bots.byClass(BotClass::Declared).hits, 15u);
  EXPECT_EQ(bots.byClass(BotClass::Suspected).hits, 2u);  // robots.txt and `-` lines
  EXPECT_EQ(bots.byClass(BotClass::Human).hits, lines.size() - 17);
  EXPECT_EQ(bots.names().at("Googlebot").hits, 12u);
  EXPECT_EQ(bots.names().at("wget").hits, 3u);
  EXPECT_EQ(suspicionRules(bots.hosts().at("192.0.2.1")), "robots.txt");
  EXPECT_EQ(suspicionRules(bots.hosts().at("192.0.2.2")), "empty-agent");
  EXPECT_EQ(suspicionRules(bots.hosts().at("192.0.2.3")), "no-assets");
  EXPECT_EQ(suspicionRules(bots.hosts().at("192.0.2.4")), "rate");
  EXPECT_EQ(suspicionRules(bots.hosts().at("198.51.100.1")), "");
  EXPECT_EQ(bots.hosts().find("203.0.113.7"), bots.hosts().end());  // declared lines only
}

TEST(ReportBots, TheBenchmarksSwitchLeavesOnlyTheBotsPanelEmpty) {
  // Off (bench/bots-overhead.sh times the same build both ways): no bot
  // figures, every other panel as with classification on.
  const std::vector<std::string> lines = botsLog();
  ASSERT_TRUE(reportClassifiesBots());  // the default
  const ReportAggregate on = aggregate(lines, 0, lines.size());
  setReportClassifiesBots(false);
  const ReportAggregate off = aggregate(lines, 0, lines.size());
  setReportClassifiesBots(true);
  EXPECT_EQ(off.bots().byClass(BotClass::Declared).hits, 0u);
  EXPECT_EQ(off.bots().byClass(BotClass::Suspected).hits, 0u);
  EXPECT_EQ(off.bots().byClass(BotClass::Human).hits, 0u);
  EXPECT_TRUE(off.bots().names().empty());
  EXPECT_TRUE(off.bots().hosts().empty());
  EXPECT_EQ(on.bots().byClass(BotClass::Declared).hits, 15u);
  EXPECT_FALSE(off.bots() == on.bots());
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    const auto panel = static_cast<ReportPanel>(p);
    EXPECT_TRUE(off.rows(panel) == on.rows(panel)) << p;
  }
  EXPECT_TRUE(off.days() == on.days());
  EXPECT_EQ(off.bandwidth(), on.bandwidth());
  EXPECT_TRUE(off.durations() == on.durations());
  // Reports made after switching back classify again.
  EXPECT_TRUE(aggregate(lines, 0, lines.size()).bots() == on.bots());
}

TEST(ReportBots, AnySplitGivesTheSameBotsAndDurations) {
  const std::vector<std::string> lines = botsLog();
  const ReportAggregate whole = aggregate(lines, 0, lines.size());
  for (const std::size_t cut : {std::size_t{1}, lines.size() / 3, lines.size() - 1}) {
    ReportAggregate left = aggregate(lines, 0, cut);
    const ReportAggregate right = aggregate(lines, cut, lines.size());
    left.merge(right);
    EXPECT_TRUE(left.bots() == whole.bots()) << cut;
    EXPECT_TRUE(left.durations() == whole.durations()) << cut;
    EXPECT_TRUE(left == whole) << cut;
  }
}

TEST(ReportBots, EncodingRoundTripsAndRejectsDamage) {
  const std::vector<std::string> lines = botsLog();
  const ReportAggregate a = aggregate(lines, 0, lines.size());
  ByteWriter w;
  a.encode(w);
  const std::string bytes = w.take();
  ByteReader r(bytes, "report");
  const ReportAggregate b = ReportAggregate::decode(r);
  r.finish();
  EXPECT_TRUE(a == b);

  ByteWriter hw;
  ReportBots{}.encode(hw);  // three empty classes, no names
  std::string host = hw.take();
  host.pop_back();                                              // the host count
  host += std::string("\x01\x01h\x03\x01\x01\x00\x00\x00", 9);  // pages + statics != hits
  ByteReader hr(host, "bots");
  EXPECT_THROW((void)ReportBots::decode(hr), DecodeError);
}

TEST(ReportDurations, PercentilesPerPathAndAbsentWithoutDurations) {
  const std::vector<std::string> lines = botsLog();
  const ReportAggregate a = aggregate(lines, 0, lines.size());
  const PathDurations& api = a.durations().paths().at("/api");
  // /api: 150 durations 2000, 2002, ..., 2298 microseconds.
  EXPECT_EQ(api.micros.count(), 150u);
  EXPECT_EQ(api.micros.percentile(50), 2148);
  EXPECT_EQ(api.micros.percentile(95), 2284);
  EXPECT_EQ(api.micros.percentile(99), 2296);
  EXPECT_EQ(api.maxMicros, 2298);

  LineParser parser("combined");
  ReportAggregate plain;
  LogRecord record;
  ASSERT_TRUE(
      parser.parse(R"(h - - [30/Nov/2026:08:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "a")", record));
  plain.add(record);
  EXPECT_TRUE(plain.durations().paths().empty());
}

}  // namespace
}  // namespace logmill::workers
