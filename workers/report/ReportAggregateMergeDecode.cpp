// ReportAggregate::mergeDecode: `report --store` merges one encoded day after
// another into one aggregate. Decoding a day first built its rows, keys and
// visitor lists only to merge and free them (about as much work again as the
// merge, and most of the allocations); here each row read goes straight to
// its row in this aggregate.
//
// sumVisitorsOverDays(): why the sum of the stored days' exact row counts is
// the count a direct run of the same lines prints.
// - A visitor is a hash of (host, local date, agent) and a stored day holds
//   the lines of one local date (DailyMapper keys days by reportDayNumber,
//   the day in the hash; the undated lines all have the one day INT64_MIN).
//   So two days' visitors are different triples: the union of a row's sets
//   over the days has the sum of their sizes as its size.
// - Budget: a direct run estimates rows only once its exact entries pass
//   the budget (ReportAggregate sheds past m_shedAt >= m_entryLimit). Every
//   aggregate along its way (a task's, a worker's, a merge's) holds subsets
//   of the final rows' sets, so it never passes the budget if the union's
//   total does not; that total is at most the sum counted here. So while the
//   sum stays within the budget, the direct run estimated nothing and prints
//   the exact union sizes. Past it, or if a stored day holds an estimated
//   row (its ingest passed its budget), the sum is given up
//   (visitorSumFailed) and the caller merges the sets as before.
// - Hash collisions: two visitors of different dates whose 64-bit hashes are
//   equal are one entry in a direct run's united set, two here. This is not
//   reproduced: it would need every hash, which is what the sum avoids. The
//   sum counts what the report means (two visitors), a direct run's total of
//   unique visitors (the sum of the per-date sets) already counts such a pair
//   twice, and for a row of N visitors over D dates the chance of any such
//   collision is below N^2 / 2^65 (under 1e-5 at the default budget's 16 M
//   entries). ReportVisitorSumTest pins this decision.
// - The status-code panel keeps merging sets: the report unites its rows by
//   class (2xx, 3xx...), and one visitor has hits of several codes. The
//   days panel (per-date visitor sets, the unique-visitor total) is merged
//   as sets too: each date arrives once, into an empty set.

#include <array>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "workers/base/addCount.hpp"
#include "workers/report/ReportAggregate.hpp"
#include "workers/report/timeCodec.hpp"

namespace logmill::workers {
namespace {

/// Tells whether a value was seen before among those given since clear().
/// Encoders write keys in order, so an order check settles it; a set is
/// built only for input out of order (which decode accepts too).
template <typename T>
class DistinctCheck {
 public:
  void clear() {
    m_inOrder.clear();
    m_set.clear();
    m_ordered = true;
  }
  /// False if `v` was given before.
  [[nodiscard]] bool first(T v) {
    if (m_ordered) {
      if (m_inOrder.empty() || m_inOrder.back() < v) {
        m_inOrder.push_back(v);
        return true;
      }
      m_ordered = false;
      m_set.insert(m_inOrder.begin(), m_inOrder.end());
    }
    return m_set.insert(v).second;
  }

 private:
  std::vector<T> m_inOrder;
  std::unordered_set<T> m_set;
  bool m_ordered = true;
};

}  // namespace

void ReportAggregate::mergeDecode(ByteReader& r, bool withBots) {
  // Rows are read kAhead - 1 rows before their merge: the index slot of a
  // row's key is prefetched when it is read and its entry halfway, so the
  // cache misses of a big panel's lookups overlap (as in merge()).
  constexpr std::size_t kAhead = 8;  // a power of two
  std::array<EncodedRow, kAhead> ring;
  DistinctCheck<std::string_view> keys;
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    // Status codes keep their sets: the report unites them by class (2xx...).
    const bool sum = m_sumVisitors && p != static_cast<std::size_t>(ReportPanel::StatusCodes);
    Rows& rows = m_panels[p];
    const std::uint64_t n = r.count(4);
    r.charge(n * (sizeof(Rows::value_type) + 4 * sizeof(std::uint64_t)));
    // Days share most rows: sized once for the largest day, not grown by halves.
    if (n > rows.size()) rows.reserve(n);
    keys.clear();
    for (std::uint64_t i = 0; i < n + kAhead - 1; ++i) {
      if (i < n) {
        EncodedRow& row = ring[i % kAhead];
        row.key = r.bytes();
        r.charge(row.key.size());
        row.hits = r.varint();
        row.bytes = r.varint();
        if (sum) {
          ReportVisitorSketch::skip(r, row.visitors);
        } else {
          ReportVisitorSketch::read(r, row.visitors);
        }
        if (!keys.first(row.key)) r.fail("duplicate report row");
        row.hash = flatStringHash(row.key);
        rows.prefetch(row.hash);
      }
      if (const std::uint64_t half = i - kAhead / 2; i >= kAhead / 2 && half < n) {
        rows.prefetchEntry(ring[half % kAhead].hash);
      }
      if (i < kAhead - 1) continue;
      if (sum) {
        sumRow(p, ring[(i + 1) % kAhead]);
      } else {
        mergeRow(p, ring[(i + 1) % kAhead]);
      }
    }
  }
  std::vector<std::uint64_t> hashes;
  mergeDecodeDays(r, hashes);
  addCount(m_bandwidth, r.varint());
  for (int i = 0; i < 2; ++i) {
    if (const std::optional<Timestamp> t = decodeTime(r)) noteTime(*t);
  }
  if (withBots) {
    m_bots.merge(ReportBots::decode(r));
    m_durations.merge(ReportDurations::decode(r));
  }
  if (!m_sumVisitors) shedVisitorsIfOver();  // a sum within the budget never sheds
}

void ReportAggregate::mergeRow(std::size_t panel, const EncodedRow& row) {
  Rows& rows = m_panels[panel];
  ReportRow& mine = rows.valueAt(rows.indexOf(row.key, row.hash));
  addCount(mine.hits, row.hits);
  addCount(mine.bytes, row.bytes);
  const std::uint64_t before = mine.visitors.exactCount();
  mine.visitors.merge(row.visitors);
  m_exactEntries[panel] = m_exactEntries[panel] - before + mine.visitors.exactCount();
  if (!m_sumVisitors) {
    shedVisitorsIfOver();
    return;
  }
  m_sumEntries = m_sumEntries - before + mine.visitors.exactCount();
  if (row.visitors.registers || m_sumEntries > m_entryLimit) m_sumFailed = true;  // as sumRow's
}

void ReportAggregate::sumRow(std::size_t panel, const EncodedRow& row) {
  Rows& rows = m_panels[panel];
  ReportRow& mine = rows.valueAt(rows.indexOf(row.key, row.hash));
  addCount(mine.hits, row.hits);
  addCount(mine.bytes, row.bytes);
  if (row.visitors.registers) {
    m_sumFailed = true;  // the day estimated this row: only its registers merge
    return;
  }
  mine.visitors.addDisjoint(row.visitors.size);
  m_exactEntries[panel] += row.visitors.size;
  m_sumEntries += row.visitors.size;
  if (m_sumEntries > m_entryLimit) m_sumFailed = true;  // a direct run sheds
}

void ReportAggregate::mergeDecodeDays(ByteReader& r, std::vector<std::uint64_t>& hashes) {
  DistinctCheck<std::string_view> dates;
  DistinctCheck<std::uint64_t> visitors;
  const std::uint64_t days = r.count(4);
  for (std::uint64_t i = 0; i < days; ++i) {
    const std::string_view date = r.bytes();
    r.charge(kMapEntryBytes + sizeof(Days::value_type) + date.size());
    const std::uint64_t hits = r.varint();
    const std::uint64_t bytes = r.varint();
    const std::uint64_t n = r.count(1);
    r.charge(n * 4 * sizeof(std::uint64_t));  // up to four slots a visitor
    hashes.clear();
    visitors.clear();
    for (std::uint64_t v = 0; v < n; ++v) {
      hashes.push_back(r.varint());
      if (!visitors.first(hashes.back())) r.fail("duplicate visitor");
    }
    if (!dates.first(date)) r.fail("duplicate report day");
    ReportDay& mine = m_days[date];
    addCount(mine.hits, hits);
    addCount(mine.bytes, bytes);
    mine.visitors.reserve(mine.visitors.size() + n);
    for (const std::uint64_t v : hashes) mine.visitors.insert(v);
  }
}

}  // namespace logmill::workers
