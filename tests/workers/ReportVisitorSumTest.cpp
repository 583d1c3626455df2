// ReportAggregate::sumVisitorsOverDays (`report --store` printed once): the
// rows' visitor counts summed over stored days must print what merging the
// days' sets prints (and what one aggregate of all the lines prints), give up
// where a direct run would estimate rows, and count a cross-day hash
// collision twice (the decision written in ReportAggregateMergeDecode.cpp).

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/workers/reportTesting.hpp"
#include "workers/base/ByteCodec.hpp"
#include "workers/map/Partial.hpp"
#include "workers/map/ReportSummary.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/report/ReportAggregate.hpp"
#include "workers/report/reportDay.hpp"
#include "workers/report/visitorMemory.hpp"

namespace logmill::workers {
namespace {

using testing::encoded;
using testing::fixtureLines;

/// The fixture's report per date, encoded (as the store keeps days), and the
/// report of all its lines.
struct Days {
  std::vector<std::string> encoded;
  ReportAggregate all;
};

Days fixtureDays() {
  LineParser parser("combined");
  std::map<std::string, ReportAggregate> byDate;
  Days out;
  LogRecord record;
  std::string date;
  for (const std::string& line : fixtureLines()) {
    if (!parser.parse(line, record)) continue;
    formatReportDay(reportDayNumber(*record.time()), date);
    byDate[date].add(record);
    out.all.add(record);
  }
  for (const auto& [d, a] : byDate) out.encoded.push_back(encoded(a));
  return out;
}

/// The days merged into one aggregate, summing visitors if `sum`.
ReportAggregate merged(const std::vector<std::string>& days, bool sum) {
  ReportAggregate a;
  if (sum) a.sumVisitorsOverDays();
  for (const std::string& day : days) {
    ByteReader r(day, "report");
    a.mergeDecode(r);
    r.finish();
  }
  return a;
}

void expectSameRows(const std::vector<ReportSummaryRow>& a, const std::vector<ReportSummaryRow>& b,
                    const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string at = where + "/" + a[i].data;
    EXPECT_EQ(a[i].data, b[i].data) << at;
    EXPECT_EQ(a[i].hits, b[i].hits) << at;
    EXPECT_EQ(a[i].bytes, b[i].bytes) << at;
    EXPECT_EQ(a[i].visitors, b[i].visitors) << at;
    EXPECT_EQ(a[i].visitorsEstimated, b[i].visitorsEstimated) << at;
    expectSameRows(a[i].items, b[i].items, at);
  }
}

/// What a report prints of `a` and `b` (every row, not a top N) is equal.
void expectSamePrinted(const ReportAggregate& a, const ReportAggregate& b) {
  const RunStats stats;
  const ReportSummary x = summarizeReport(a, stats, UINT32_MAX);
  const ReportSummary y = summarizeReport(b, stats, UINT32_MAX);
  EXPECT_EQ(x.general.uniqueVisitors, y.general.uniqueVisitors);
  ASSERT_EQ(x.panels.size(), y.panels.size());
  for (std::size_t p = 0; p < x.panels.size(); ++p) {
    EXPECT_EQ(x.panels[p].rowsTotal, y.panels[p].rowsTotal) << x.panels[p].id;
    expectSameRows(x.panels[p].rows, y.panels[p].rows, std::string(x.panels[p].id));
  }
}

/// Sets the visitor budget for the aggregates built in its scope.
class Budget {
 public:
  explicit Budget(std::uint64_t bytes) { setReportVisitorMemory(bytes); }
  ~Budget() { setReportVisitorMemory(m_saved); }
  Budget(const Budget&) = delete;
  Budget& operator=(const Budget&) = delete;

 private:
  std::uint64_t m_saved = reportVisitorMemory();
};

TEST(ReportVisitorSum, PrintsWhatMergingTheDaysSetsPrints) {
  const Days days = fixtureDays();
  ASSERT_EQ(days.encoded.size(), 4u);  // four dates, each many visitors in its big rows
  const ReportAggregate sets = merged(days.encoded, false);
  const ReportAggregate sums = merged(days.encoded, true);
  EXPECT_FALSE(sums.visitorSumFailed());
  EXPECT_EQ(sets.estimatedVisitorRows(), 0u);
  expectSamePrinted(sums, sets);
  expectSamePrinted(sums, days.all);
  EXPECT_EQ(sums.exactVisitorEntries(), sets.exactVisitorEntries());
  // A row's count is the sum over dates, which merging sets also gives.
  std::uint64_t largest = 0;
  for (const auto& [key, row] : sums.rows(ReportPanel::Browsers)) {
    largest = std::max(largest, row.visitors.count());
  }
  EXPECT_GT(largest, ReportVisitorSketch::kSmallLimit);  // large sets were summed too
}

TEST(ReportVisitorSum, ExactlyAtTheBudgetSumsOnePastItGivesUp) {
  const Days days = fixtureDays();
  const std::uint64_t entries = merged(days.encoded, false).exactVisitorEntries();
  {
    const Budget budget(entries * kVisitorEntryBytes);
    const ReportAggregate sums = merged(days.encoded, true);
    EXPECT_FALSE(sums.visitorSumFailed());
    const ReportAggregate sets = merged(days.encoded, false);
    EXPECT_EQ(sets.estimatedVisitorRows(), 0u);  // merging sets sheds nothing either
    expectSamePrinted(sums, sets);
  }
  {
    const Budget budget((entries - 1) * kVisitorEntryBytes);
    EXPECT_TRUE(merged(days.encoded, true).visitorSumFailed());
    EXPECT_NE(merged(days.encoded, false).estimatedVisitorRows(), 0u);  // a direct run estimates
  }
}

TEST(ReportVisitorSum, ADayWithAnEstimatedRowGivesUp) {
  const std::vector<std::string> lines = fixtureLines();
  std::vector<std::string> days = fixtureDays().encoded;
  // One more day holding estimated rows (its ingest passed a small budget).
  const ReportAggregate estimated = testing::aggregate(lines, 0, 3000, 300 * kVisitorEntryBytes);
  ASSERT_NE(estimated.estimatedVisitorRows(), 0u);
  for (const std::size_t at : {std::size_t{0}, days.size()}) {
    std::vector<std::string> withEstimate = days;
    withEstimate.insert(withEstimate.begin() + static_cast<std::ptrdiff_t>(at), encoded(estimated));
    EXPECT_TRUE(merged(withEstimate, true).visitorSumFailed()) << "at " << at;
  }
}

/// A report encoding of one request row "a" whose visitors are `hashes`
/// (sorted), and of its date `date` with the same visitors.
std::string oneRowDay(const std::string& date, const std::vector<std::uint64_t>& hashes) {
  ByteWriter w;
  w.varint(1);  // the requests panel: one row
  w.bytes("a");
  w.varint(hashes.size());  // hits
  w.varint(0);              // bytes
  w.varint(hashes.size());
  std::uint64_t previous = 0;
  for (const std::uint64_t h : hashes) {
    w.varint(h - previous);
    previous = h;
  }
  for (std::size_t p = 1; p < kReportPanelCount; ++p) w.varint(0);
  w.varint(1);
  w.bytes(date);
  w.varint(hashes.size());  // hits
  w.varint(0);              // bytes
  w.varint(hashes.size());
  for (const std::uint64_t h : hashes) w.varint(h);
  for (int i = 0; i < 3; ++i) w.varint(0);  // bandwidth, first, last
  ReportBots().encode(w);
  ReportDurations().encode(w);
  return w.take();
}

TEST(ReportVisitorSum, ACrossDayHashCollisionCountsTwoVisitors) {
  // Two visitors of different dates with one 64-bit hash: merged sets hold
  // one entry, the sum counts two (the decision, see mergeDecode's comment).
  const std::vector<std::string> days = {oneRowDay("2015-05-17", {7, 1000}),
                                         oneRowDay("2015-05-18", {7, 2000})};
  const ReportAggregate sets = merged(days, false);
  const ReportAggregate sums = merged(days, true);
  ASSERT_FALSE(sums.visitorSumFailed());
  EXPECT_EQ(sets.rows(ReportPanel::Requests).find("a")->second.visitors.count(), 3u);
  EXPECT_EQ(sums.rows(ReportPanel::Requests).find("a")->second.visitors.count(), 4u);
  // The unique-visitor total sums the dates' sets: it counts such a pair twice too.
  EXPECT_EQ(sets.uniqueVisitors(), 4u);
  EXPECT_EQ(sums.uniqueVisitors(), 4u);
}

TEST(ReportVisitorSum, ASummedRowCanOnlyBeCounted) {
  ReportVisitorSketch summed;
  summed.add(1);
  summed.addDisjoint(5);
  EXPECT_EQ(summed.count(), 6u);
  EXPECT_TRUE(summed.isExact());
  ByteWriter w;
  EXPECT_THROW(summed.encode(w), std::logic_error);
  EXPECT_THROW(summed.estimate(), std::logic_error);
  ReportVisitorSketch other;
  EXPECT_THROW(other.merge(summed), std::logic_error);
  EXPECT_THROW(summed.merge(other), std::logic_error);
}

TEST(ReportVisitorSum, SkipReadsAndRejectsAsReadDoes) {
  const Days days = fixtureDays();
  // Every truncation of a day fails at the same byte with the same message.
  const std::string& day = days.encoded[0];
  for (std::size_t cut = 0; cut < day.size(); cut += 97) {
    std::string setError, sumError;
    try {
      (void)merged({day.substr(0, cut)}, false);
    } catch (const DecodeError& e) {
      setError = e.what();
    }
    try {
      (void)merged({day.substr(0, cut)}, true);
    } catch (const DecodeError& e) {
      sumError = e.what();
    }
    EXPECT_EQ(sumError, setError) << "cut at " << cut;
    EXPECT_FALSE(setError.empty()) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace logmill::workers
