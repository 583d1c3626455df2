#pragma once
// What `logmill report` accumulates: every GoAccess panel for access logs,
// each row with hits, visitors and bytes. Like Partial it merges
// associatively and commutatively and has a bounds-checked byte encoding, so
// any split of the input over tasks, threads or processes gives the same
// report.
//
// Definitions follow GoAccess 1.7's defaults:
// - a visitor is a distinct (host, date as logged, user agent); hits with a
//   4xx status count as hits but not as visitors (GoAccess without
//   --4xx-to-unique-count), anywhere in the report;
// - a request row is (path, method, protocol), the path as written, query
//   string included; a request with a method but no protocol is "-" (GoAccess
//   cannot tell its target either); status 404 goes to not-found only, else a
//   static path (workers::isStaticPath) to static requests only, else to
//   requests;
// - a crawler's operating system is "Crawlers";
// - a referrer "-" or "" is no referrer; a referring site is the host part
//   (between "//" and the next "/") of a referrer.
//
// Row visitor counts are exact while the exact sets of all rows fit in the
// process's visitor memory (reportVisitorMemory(), counted kVisitorEntryBytes
// an entry); past it the largest rows turn into estimates first, until the
// rest fit in 7/8 of it. Rows of at most 256 visitors (an estimate's 4 KB)
// always stay exact: estimating them would take more memory, not less. Per-day visitors (and so the
// unique-visitor total) are always exact and not counted against it.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/FlatStringMap.hpp"
#include "workers/base/FlatU64Set.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/report/ReportBots.hpp"
#include "workers/report/ReportDurations.hpp"
#include "workers/report/ReportVisitors.hpp"
#include "workers/report/botClassification.hpp"
#include "workers/report/visitorMemory.hpp"

namespace logmill::workers {

/// The row panels, in display order (the per-day panel is separate).
enum class ReportPanel : std::uint8_t {
  Requests,
  StaticRequests,
  NotFound,
  Hosts,
  Os,
  Browsers,
  VisitTime,
  Referrers,
  ReferringSites,
  StatusCodes,
};
inline constexpr std::size_t kReportPanelCount =
    static_cast<std::size_t>(ReportPanel::StatusCodes) + 1;

/// Request rows are keyed "method\nprotocol\npath" (a line never holds '\n').
struct ReportRequestKey {
  std::string_view method, protocol, path;
};
[[nodiscard]] ReportRequestKey splitReportRequestKey(std::string_view key);

struct ReportRow {
  std::uint64_t hits = 0;
  std::uint64_t bytes = 0;
  ReportVisitorSketch visitors;
  void merge(const ReportRow& other);
  friend bool operator==(const ReportRow&, const ReportRow&) = default;
};

/// One day: exact visitors (the general "unique visitors" is their sum).
struct ReportDay {
  std::uint64_t hits = 0;
  std::uint64_t bytes = 0;
  FlatU64Set visitors;
  friend bool operator==(const ReportDay&, const ReportDay&) = default;
};

class ReportAggregate {
 public:
  using Rows = FlatStringMap<ReportRow>;
  /// Keyed by date, YYYY-MM-DD as logged.
  using Days = FlatStringMap<ReportDay>;

  /// Adds one parsed (and filtered) record. Allocates only for a new row.
  void add(const LogRecord& record);
  void merge(const ReportAggregate& other);
  void merge(ReportAggregate&& other);

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on truncated, corrupt or inconsistent input.
  /// `withBots`: the encoding has the bots and durations sections (partial
  /// version 6 on); without, they stay empty.
  [[nodiscard]] static ReportAggregate decode(ByteReader& r, bool withBots = true);
  /// Merges an encoding in as merge(decode(r, withBots)) would, without
  /// building the decoded aggregate (rows and visitors go straight into this
  /// one's). Throws as decode does; this aggregate is then partly merged and
  /// only fit to be discarded.
  void mergeDecode(ByteReader& r, bool withBots = true);
  /// For a report only printed, built from empty by mergeDecode of stored
  /// days that each hold one date's lines (each date once): from now on a
  /// row's visitors are summed over the days as counts (addDisjoint), not
  /// merged hash by hash. A visitor is of one date, so this is the count of
  /// the union (ReportAggregateMergeDecode.cpp says why, collisions
  /// included). Only while the sum stays within the visitor budget and no
  /// day has an estimated row: otherwise visitorSumFailed() turns true and
  /// the visitor counts are meaningless (merge the days again without it).
  /// The aggregate can then no longer be merged or encoded.
  void sumVisitorsOverDays() {
    m_sumVisitors = true;
    m_sumEntries = exactVisitorEntries();
  }
  [[nodiscard]] bool visitorSumFailed() const { return m_sumFailed; }

  [[nodiscard]] const Rows& rows(ReportPanel panel) const {
    return m_panels[static_cast<std::size_t>(panel)];
  }
  [[nodiscard]] const Days& days() const { return m_days; }
  /// Distinct visitors over the whole input (a visitor belongs to one day).
  [[nodiscard]] std::uint64_t uniqueVisitors() const;
  /// Sum of response bytes (`-` counts 0).
  [[nodiscard]] std::uint64_t bandwidth() const { return m_bandwidth; }
  /// Earliest and latest request time (nullopt if no record had a time).
  [[nodiscard]] const std::optional<Timestamp>& first() const { return m_first; }
  [[nodiscard]] const std::optional<Timestamp>& last() const { return m_last; }
  /// Humans and bots: per class, per declared bot, per host's behaviour.
  [[nodiscard]] const ReportBots& bots() const { return m_bots; }
  /// Response times per path (empty when no line had a duration).
  [[nodiscard]] const ReportDurations& durations() const { return m_durations; }

  /// Hashes held by the rows' exact visitor sets.
  [[nodiscard]] std::uint64_t exactVisitorEntries() const;
  /// Rows whose visitor count is an estimate.
  [[nodiscard]] std::uint64_t estimatedVisitorRows() const;

  /// Equal when every panel, day and total is (scratch state aside).
  friend bool operator==(const ReportAggregate& a, const ReportAggregate& b);

 private:
  /// The entry index of `key` in `panel`, a row inserted if new.
  std::uint32_t rowIndex(ReportPanel panel, std::string_view key);
  ReportRow& row(ReportPanel panel, std::string_view key);
  ReportRow& row(ReportPanel panel, std::uint32_t index) {
    return m_panels[static_cast<std::size_t>(panel)].valueAt(index);
  }
  /// Builds the record's request key in m_scratch.key; returns its panel.
  ReportPanel requestKey(const LogRecord& record);
  /// `dayVisitor` is the visitor for the day's set (null if already there).
  void addTime(const Timestamp& ts, std::uint64_t bytes, const std::uint64_t* visitor,
               const std::uint64_t* dayVisitor);
  struct AgentRows {
    std::uint32_t browser, os;         ///< row indices
    std::uint64_t serial;              ///< names the agent while cached; 0 if not cached
    std::optional<std::uint32_t> bot;  ///< declaredBot(agent), cached with the rows
  };
  AgentRows agentRows(std::string_view agent);
  /// reportVisitorHash, remembered for recent (host, agent serial, day).
  /// Also a flag to remember that the visitor was counted in the rows it
  /// always falls in (its host, browser, OS and day); null if not cached.
  struct VisitorRef {
    std::uint64_t hash;
    bool* counted;
  };
  VisitorRef visitorHash(std::string_view host, std::uint64_t hostHash, std::int64_t day,
                         std::string_view agent, std::uint64_t agentSerial);
  void noteTime(const Timestamp& ts);
  /// Counts a hit of `r` in `panel` (and its visitor, if any).
  void count(ReportPanel panel, ReportRow& r, std::uint64_t bytes, const std::uint64_t* visitor);
  /// Merges all but the panels: days, totals, bots, durations.
  void mergeTotals(const ReportAggregate& other);
  /// A row mergeDecode read ahead of its merge.
  struct EncodedRow {
    std::string_view key;
    std::uint64_t hash = 0;  ///< flatStringHash(key)
    std::uint64_t hits = 0, bytes = 0;
    ReportVisitorSketch::Encoded visitors;
  };
  void mergeRow(std::size_t panel, const EncodedRow& row);
  /// mergeRow for sumVisitorsOverDays().
  void sumRow(std::size_t panel, const EncodedRow& row);
  /// mergeDecode's part for the days section (`hashes`: scratch).
  void mergeDecodeDays(ByteReader& r, std::vector<std::uint64_t>& hashes);
  /// Turns the largest exact rows into estimates while over the budget.
  void shedVisitorsIfOver();
  void shedVisitors();

  // Hashes in each panel's exact sets, and how many there may be.
  std::array<std::uint64_t, kReportPanelCount> m_exactEntries{};
  std::uint64_t m_entryLimit = reportVisitorMemory() / kVisitorEntryBytes;
  std::uint64_t m_shedAt = m_entryLimit;            // shed again past this many
  bool m_sumVisitors = false, m_sumFailed = false;  // sumVisitorsOverDays()
  std::uint64_t m_sumEntries = 0;  // exactVisitorEntries() while summing, kept as rows merge

  std::array<Rows, kReportPanelCount> m_panels;
  Days m_days;
  std::uint64_t m_bandwidth = 0;
  std::optional<Timestamp> m_first, m_last;
  ReportBots m_bots;
  bool m_classifyBots = reportClassifiesBots();  // else m_bots stays empty
  ReportDurations m_durations;

  // Per-line scratch (not part of the value): reused so a line allocates
  // nothing, and remembering the entry indices of rows most lines repeat (a
  // status, an hour, a day, an agent's browser and OS) so they skip hashing.
  // An index stays valid while the map it points into is not replaced
  // (entries are never erased): whatever swaps maps calls forget(), and a
  // moved-from aggregate's scratch is forgotten.
  //
  // Recent agents are remembered with their browser and OS rows and a serial
  // number given at each fill (never reused), so that recent visitor hashes
  // can be remembered by (host, agent serial, day) without comparing agents.
  // The caches are allocated on the first add, not for merged or decoded
  // aggregates.
  struct Scratch {
    static constexpr std::size_t kAgents = 1024;      // a power of two
    static constexpr std::size_t kVisitorsLog2 = 14;  // 16K remembered visitors
    static constexpr std::size_t kMaxAgent = 512;
    struct Agent {
      std::string text;
      std::uint32_t browser = 0, os = 0;  // row index + 1; 0: none
      std::uint64_t serial = 0;
      std::optional<std::uint32_t> bot;
    };
    struct Visitor {
      std::string host;
      std::uint64_t agentSerial = 0;  // 0: empty
      std::int64_t day = 0;
      std::uint64_t hash = 0;
      bool counted = false;  // in its host, browser, OS and day rows
    };
    std::string key;
    std::int64_t day = INT64_MIN;
    std::uint32_t dayIndex = 0;
    std::string date;
    std::array<std::uint32_t, 1000> status{};  // row index + 1 by status code
    std::array<std::uint32_t, 24> hour{};      // row index + 1 by hour
    std::vector<Agent> agents;
    std::uint64_t agentSerials = 0;
    std::vector<Visitor> visitors;

    Scratch() = default;
    Scratch(const Scratch&) = default;
    Scratch& operator=(const Scratch&) = default;
    Scratch(Scratch&& other) noexcept;
    Scratch& operator=(Scratch&& other) noexcept;
    ~Scratch() = default;
    void forget();
  } m_scratch;
};

}  // namespace logmill::workers
