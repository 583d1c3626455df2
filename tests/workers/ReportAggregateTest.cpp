#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/workers/reportTesting.hpp"
#include "workers/base/ByteCodec.hpp"
#include "workers/map/Partial.hpp"
#include "workers/map/ReportSummary.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/report/ReportAggregate.hpp"
#include "workers/report/visitorMemory.hpp"

namespace logmill::workers {
namespace {

using testing::aggregate;
using testing::encoded;
using testing::fixtureLines;

ReportAggregate roundTrip(const ReportAggregate& a) {
  ByteWriter w;
  a.encode(w);
  const std::string bytes = w.take();
  ByteReader r(bytes, "report");
  ReportAggregate b = ReportAggregate::decode(r);
  r.finish();
  return b;
}

const ReportRow* find(const ReportAggregate& a, ReportPanel panel, std::string_view key) {
  const auto& rows = a.rows(panel);
  const auto it = rows.find(key);
  return it == rows.end() ? nullptr : &it->second;
}

TEST(ReportAggregate, AnySplitOfTheInputGivesTheSameReport) {
  const std::vector<std::string> lines = fixtureLines();
  ASSERT_EQ(lines.size(), 10000u);
  const ReportAggregate whole = aggregate(lines, 0, lines.size());
  // The fixture is big enough for rows past the small list, and many days.
  ASSERT_GT(whole.days().size(), 1u);
  ASSERT_GT(whole.rows(ReportPanel::Browsers).at("Chrome").visitors.count(),
            ReportVisitorSketch::kSmallLimit);

  std::mt19937 rng(42);
  for (int trial = 0; trial < 4; ++trial) {
    // Cut the input at random places, aggregate each piece (some through the
    // byte encoding, as process workers do) and merge in a shuffled order.
    std::set<std::size_t> cuts = {0, lines.size()};
    const int pieces = 2 + trial * 7;
    while (static_cast<int>(cuts.size()) < pieces + 1) cuts.insert(rng() % lines.size());
    std::vector<ReportAggregate> parts;
    for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
      ReportAggregate part = aggregate(lines, *it, *std::next(it));
      parts.push_back(parts.size() % 2 ? roundTrip(part) : std::move(part));
    }
    std::shuffle(parts.begin(), parts.end(), rng);
    ReportAggregate merged;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i % 2) {
        merged.merge(parts[i]);
      } else {
        merged.merge(std::move(parts[i]));
      }
    }
    EXPECT_TRUE(merged == whole) << "trial " << trial;
    EXPECT_EQ(encoded(merged), encoded(whole)) << "trial " << trial;
  }
}

TEST(ReportAggregate, AddingAfterMergeMoveOrCopyCountsTheSame) {
  // add() remembers rows by index; merging (which swaps maps), moving and
  // copying must leave those memories right.
  const std::vector<std::string> lines = fixtureLines();
  LineParser parser("combined");
  LogRecord record;
  const auto addLines = [&](ReportAggregate& a, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (parser.parse(lines[i], record)) a.add(record);
    }
  };
  const ReportAggregate whole = aggregate(lines, 0, lines.size());

  ReportAggregate swapped = aggregate(lines, 0, 100);
  swapped.merge(aggregate(lines, 100, 6000));  // the larger maps are swapped in
  addLines(swapped, 6000, lines.size());
  EXPECT_TRUE(swapped == whole);

  ReportAggregate source = aggregate(lines, 0, 3000);
  ReportAggregate moved = std::move(source);
  addLines(moved, 3000, 6000);
  ReportAggregate copied = moved;
  addLines(copied, 6000, lines.size());
  EXPECT_TRUE(copied == whole);
  source = ReportAggregate{};
  addLines(source, 0, lines.size());
  EXPECT_TRUE(source == whole);
}

TEST(ReportAggregate, DecodedRowsTakeAddsMergesAndLookups) {
  // Decoded rows are appended in key order without an index (the first
  // lookup builds it): adding to, merging into and finding in a decoded
  // aggregate must count as in one built by add().
  const std::vector<std::string> lines = fixtureLines();
  LineParser parser("combined");
  LogRecord record;
  const ReportAggregate whole = aggregate(lines, 0, lines.size());
  ReportAggregate decoded = roundTrip(aggregate(lines, 0, 4000));
  for (std::size_t i = 4000; i < 6000; ++i) {
    if (parser.parse(lines[i], record)) decoded.add(record);
  }
  decoded.merge(roundTrip(aggregate(lines, 6000, lines.size())));
  EXPECT_TRUE(decoded == whole);
  EXPECT_EQ(encoded(decoded), encoded(whole));
  for (const auto& [key, row] : whole.rows(ReportPanel::Hosts)) {
    const ReportRow* found = find(decoded, ReportPanel::Hosts, key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(found->hits, row.hits) << key;
  }
}

TEST(ReportAggregate, RowsOutOfKeyOrderDecodeAndDuplicatesAreRejected) {
  // Encoders write rows in key order; a partial that does not is still
  // read (rows then go through the hash index), and a repeated row fails.
  const std::string unordered = testing::encodeRowsAndDays({"c", "a", "b"});
  ByteReader r(unordered, "report");
  const ReportAggregate a = ReportAggregate::decode(r, false);
  r.finish();
  EXPECT_EQ(a.rows(ReportPanel::Requests).size(), 3u);
  for (const char* key : {"a", "b", "c"}) {
    EXPECT_NE(find(a, ReportPanel::Requests, key), nullptr) << key;
  }
  for (const auto& keys :
       {std::vector<std::string>{"a", "b", "a"}, std::vector<std::string>{"b", "a", "b"},
        std::vector<std::string>{"a", "a"}}) {
    const std::string bytes = testing::encodeRowsAndDays(keys);
    ByteReader bad(bytes, "report");
    try {
      (void)ReportAggregate::decode(bad, false);
      ADD_FAILURE() << "a repeated row was accepted";
    } catch (const DecodeError& e) {
      EXPECT_NE(std::string(e.what()).find("duplicate report row"), std::string::npos) << e.what();
    }
  }
}

TEST(ReportAggregate, PartialCarriesTheReportThroughMergeAndEncoding) {
  const std::vector<std::string> lines = fixtureLines();
  Partial a, b;
  a.report() = aggregate(lines, 0, 5000);
  b.report() = aggregate(lines, 5000, lines.size());
  Partial decoded = Partial::decode(b.encode());
  EXPECT_EQ(decoded, b);
  a.merge(std::move(decoded));
  const Partial& merged = a;
  ASSERT_TRUE(merged.report().has_value());
  EXPECT_TRUE(*merged.report() == aggregate(lines, 0, lines.size()));
  const Partial none, noneDecoded = Partial::decode(Partial{}.encode());
  EXPECT_FALSE(none.report().has_value());
  EXPECT_FALSE(noneDecoded.report().has_value());
}

TEST(ReportAggregate, SummaryMatchesIndependentCounts) {
  const std::vector<std::string> lines = fixtureLines();
  const ReportAggregate a = aggregate(lines, 0, lines.size());
  // Counted independently: bytes summed, distinct hosts, and distinct
  // host|date|agent over the non-4xx lines.
  std::uint64_t bytes = 0, parsed = 0;
  std::set<std::string> visitors, hosts;
  LineParser parser("combined");
  LogRecord r;
  for (const std::string& line : lines) {
    if (!parser.parse(line, r)) continue;
    ++parsed;
    bytes += r.bytes > 0 ? static_cast<std::uint64_t>(r.bytes) : 0;
    hosts.insert(std::string(r.host));
    if (r.status / 100 != 4) {
      visitors.insert(std::string(r.host) + "|" + std::string(r.timeText.substr(0, 11)) + "|" +
                      std::string(r.agent));
    }
  }
  EXPECT_EQ(parsed, 9999u);  // one line of the fixture is malformed
  RunStats stats;
  stats.lines = lines.size();
  stats.parsed = stats.matched = parsed;
  const ReportSummary s = summarizeReport(a, stats, 5);
  EXPECT_EQ(s.general.bandwidth, bytes);
  EXPECT_EQ(s.general.uniqueVisitors, visitors.size());
  // days, GoAccess's panels, then the three bot panels (no line has a
  // duration, so no response times)
  ASSERT_EQ(s.panels.size(), kReportPanelCount + 1 + 3);
  EXPECT_EQ(s.panels.back().id, "suspected_hosts");
  EXPECT_EQ(s.panels[0].id, "visitors");
  std::uint64_t dayVisitors = 0, dayHits = 0;
  for (const auto& row : s.panels[0].rows) {
    dayVisitors += row.visitors;
    dayHits += row.hits;
  }
  EXPECT_EQ(dayVisitors, visitors.size());
  EXPECT_EQ(dayHits, parsed);
  const ReportSummaryPanel& hostPanel = s.panels[1 + static_cast<std::size_t>(ReportPanel::Hosts)];
  EXPECT_EQ(hostPanel.id, "hosts");
  EXPECT_EQ(hostPanel.rowsTotal, hosts.size());
  ASSERT_EQ(hostPanel.rows.size(), 5u);
  for (std::size_t i = 1; i < hostPanel.rows.size(); ++i) {
    EXPECT_GE(hostPanel.rows[i - 1].hits, hostPanel.rows[i].hits);
  }
  EXPECT_EQ(s.general.firstRequest, "2015-05-17T10:05:00+0000");
  EXPECT_EQ(s.general.lastRequest, "2015-05-20T21:05:59+0000");
}

TEST(ReportAggregate, FollowsGoAccessDefinitions) {
  const char* kAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0";
  const std::string bot =
      "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like "
      "Gecko) Chrome/120.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
      "+http://www.google.com/bot.html)";
  const std::vector<std::string> lines = {
      std::string("1.1.1.1 - - [01/Nov/2023:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 10 "
                  "\"https://www.google.com/search?q=x\" \"") +
          kAgent + "\"",
      std::string("1.1.1.1 - - [01/Nov/2023:11:00:00 +0000] \"GET /style.css HTTP/1.1\" 200 5 "
                  "\"http://example.org\" \"") +
          kAgent + "\"",
      std::string(
          "1.1.1.1 - - [01/Nov/2023:12:00:00 +0000] \"GET /gone.css HTTP/1.1\" 404 7 \"-\" \"") +
          kAgent + "\"",
      std::string("2.2.2.2 - - [02/Nov/2023:00:30:00 +0100] \"GET /a HTTP/1.1\" 403 - \"-\" \"") +
          kAgent + "\"",
      "3.3.3.3 - - [02/Nov/2023:01:00:00 +0000] \"GET /index.html\" 200 3 \"-\" \"" + bot + "\"",
  };
  const ReportAggregate a = aggregate(lines, 0, lines.size());
  // 404 goes to not-found only, even for a static path; static to static only.
  ASSERT_TRUE(find(a, ReportPanel::NotFound, "GET\nHTTP/1.1\n/gone.css"));
  EXPECT_FALSE(find(a, ReportPanel::StaticRequests, "GET\nHTTP/1.1\n/gone.css"));
  ASSERT_TRUE(find(a, ReportPanel::StaticRequests, "GET\nHTTP/1.1\n/style.css"));
  EXPECT_FALSE(find(a, ReportPanel::Requests, "GET\nHTTP/1.1\n/style.css"));
  // A method without a protocol: GoAccess records "-".
  ASSERT_TRUE(find(a, ReportPanel::Requests, "\n\n-"));
  // /a: two hits, but the 403 one is no visitor.
  const ReportRow* pathA = find(a, ReportPanel::Requests, "GET\nHTTP/1.1\n/a");
  ASSERT_TRUE(pathA);
  EXPECT_EQ(pathA->hits, 2u);
  EXPECT_EQ(pathA->visitors.count(), 1u);
  EXPECT_EQ(pathA->bytes, 10u);
  // Visitors: 1.1.1.1 on Nov 1 and the bot on Nov 2; 2.2.2.2 only had a 403.
  EXPECT_EQ(a.uniqueVisitors(), 2u);
  ASSERT_EQ(a.days().size(), 2u);
  EXPECT_EQ(a.days().at("2023-11-02").hits, 2u);
  EXPECT_EQ(a.days().at("2023-11-02").visitors.size(), 1u);
  EXPECT_EQ(find(a, ReportPanel::VisitTime, "00")->hits, 1u);  // 00:30 as logged (+0100)
  EXPECT_EQ(find(a, ReportPanel::Os, "Crawlers")->hits, 1u);   // not Android
  EXPECT_EQ(find(a, ReportPanel::Browsers, "Crawlers")->hits, 1u);
  EXPECT_EQ(find(a, ReportPanel::Os, "Linux")->hits, 4u);
  EXPECT_EQ(find(a, ReportPanel::ReferringSites, "www.google.com")->hits, 1u);
  EXPECT_EQ(find(a, ReportPanel::ReferringSites, "example.org")->hits, 1u);
  EXPECT_EQ(a.rows(ReportPanel::Referrers).size(), 2u);  // "-" is no referrer
  EXPECT_EQ(find(a, ReportPanel::StatusCodes, "404")->hits, 1u);
  EXPECT_EQ(a.bandwidth(), 25u);
  ASSERT_TRUE(a.first() && a.last());
  EXPECT_EQ(a.first()->epochSeconds, 1698832800);  // 2023-11-01T10:00:00Z
  EXPECT_EQ(a.last()->epochSeconds, 1698886800);   // 2023-11-02T01:00:00Z
}

TEST(ReportVisitorSketch, ExactAtAnySizeThenWithinItsErrorOnceEstimated) {
  ReportVisitorSketch s;
  for (std::uint64_t i = 0; i < ReportVisitorSketch::kSmallLimit; ++i) {
    s.add(reportVisitorHash("10.0.0." + std::to_string(i), 19000, "agent"));
    s.add(reportVisitorHash("10.0.0." + std::to_string(i), 19000, "agent"));  // repeats count once
  }
  EXPECT_TRUE(s.isExact());
  EXPECT_EQ(s.count(), ReportVisitorSketch::kSmallLimit);
  for (const std::uint64_t n : {200u, 5000u, 100000u}) {
    ReportVisitorSketch big, left, right;
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t h = reportVisitorHash("h" + std::to_string(i), 19000, "agent");
      big.add(h);
      (i % 3 ? left : right).add(h);
    }
    EXPECT_TRUE(big.isExact());
    EXPECT_EQ(big.count(), n);
    big.estimate();
    const double error = std::abs(static_cast<double>(big.count()) - n) / n;
    EXPECT_LT(error, 4 * ReportVisitorSketch::kStandardError) << n;
    left.estimate();
    left.merge(right);          // an exact sketch merged into an estimate
    EXPECT_EQ(left, big) << n;  // the same registers, whatever the split
  }
}

/// Sets the process's visitor memory for one test.
class VisitorMemory {
 public:
  explicit VisitorMemory(std::uint64_t bytes) { setReportVisitorMemory(bytes); }
  ~VisitorMemory() { setReportVisitorMemory(m_saved); }

 private:
  std::uint64_t m_saved = reportVisitorMemory();
};

std::uint64_t visitorSum(const ReportAggregate& a, ReportPanel panel) {
  std::uint64_t n = 0;
  for (const auto& [key, row] : a.rows(panel)) n += row.visitors.count();
  return n;
}

TEST(ReportAggregate, RowVisitorsAreExactWithinTheBudget) {
  // Every visitor has one host and one browser: each panel's row counts add
  // up to the (always exact) unique visitors only if every row is exact.
  const std::vector<std::string> lines = fixtureLines();
  const ReportAggregate a = aggregate(lines, 0, lines.size());
  EXPECT_EQ(a.estimatedVisitorRows(), 0u);
  EXPECT_EQ(visitorSum(a, ReportPanel::Browsers), a.uniqueVisitors());
  EXPECT_EQ(visitorSum(a, ReportPanel::Hosts), a.uniqueVisitors());
  EXPECT_EQ(visitorSum(a, ReportPanel::VisitTime) >= a.uniqueVisitors(), true);
  std::uint64_t entries = 0;
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    entries += visitorSum(a, static_cast<ReportPanel>(p));
  }
  EXPECT_EQ(a.exactVisitorEntries(), entries);
}

/// Exact entries in rows large enough to be estimated (over 256 visitors);
/// smaller rows always stay exact.
std::uint64_t sheddableEntries(const ReportAggregate& a) {
  std::uint64_t n = 0;
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    for (const auto& [key, row] : a.rows(static_cast<ReportPanel>(p))) {
      if (row.visitors.exactCount() > 256) n += row.visitors.exactCount();
    }
  }
  return n;
}

TEST(ReportAggregate, PastTheBudgetTheLargestRowsAreEstimatedFirst) {
  const std::vector<std::string> lines = fixtureLines();
  std::uint64_t entries = 0, sheddable = 0, largest = 0;
  {
    const ReportAggregate exact = aggregate(lines, 0, lines.size());
    entries = exact.exactVisitorEntries();
    sheddable = sheddableEntries(exact);
    for (std::size_t p = 0; p < kReportPanelCount; ++p) {
      for (const auto& [key, row] : exact.rows(static_cast<ReportPanel>(p))) {
        largest = std::max(largest, row.visitors.count());
      }
    }
  }
  ASSERT_GT(sheddable, entries / 4);  // the fixture has large rows to shed
  const std::uint64_t limit = entries - sheddable / 2;
  VisitorMemory budget(limit * kVisitorEntryBytes);
  ReportAggregate whole = aggregate(lines, 0, lines.size());
  EXPECT_LE(whole.exactVisitorEntries(), limit);
  EXPECT_GT(whole.exactVisitorEntries(), 0u);
  EXPECT_GT(whole.estimatedVisitorRows(), 0u);
  std::uint64_t largestExact = 0;
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    for (const auto& [key, row] : whole.rows(static_cast<ReportPanel>(p))) {
      if (row.visitors.isExact()) largestExact = std::max(largestExact, row.visitors.count());
      // An estimate takes 4 KB: never spent on a row of a few visitors.
      if (!row.visitors.isExact()) {
        EXPECT_GT(row.visitors.count(), 200u) << key;
      }
    }
  }
  EXPECT_LT(largestExact, largest);  // the largest row went first
  // Merged pieces keep within it too.
  ReportAggregate merged = aggregate(lines, 0, lines.size() / 2);
  merged.merge(roundTrip(aggregate(lines, lines.size() / 2, lines.size())));
  EXPECT_LE(merged.exactVisitorEntries(), limit);
  EXPECT_EQ(merged.uniqueVisitors(), whole.uniqueVisitors());
}

TEST(ReportVisitorSketch, HashSeparatesTheThreeParts) {
  EXPECT_NE(reportVisitorHash("ab", 1, "c"), reportVisitorHash("a", 1, "bc"));
  EXPECT_NE(reportVisitorHash("a", 1, "c"), reportVisitorHash("a", 2, "c"));
  EXPECT_EQ(reportVisitorHash("a", 1, "c"), reportVisitorHash("a", 1, "c"));
}

TEST(ReportAggregate, EveryTruncationIsRejected) {
  const std::vector<std::string> lines = fixtureLines();
  const std::string bytes = encoded(aggregate(lines, 0, 40));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    ByteReader r(std::string_view(bytes).substr(0, n), "report");
    EXPECT_THROW(
        {
          (void)ReportAggregate::decode(r);
          r.finish();
        },
        DecodeError)
        << "length " << n;
  }
}

}  // namespace
}  // namespace logmill::workers
