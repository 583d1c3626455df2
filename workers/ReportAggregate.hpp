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

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "workers/ByteCodec.hpp"
#include "workers/LogRecord.hpp"
#include "workers/ReportVisitors.hpp"

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
  std::unordered_set<std::uint64_t> visitors;
  friend bool operator==(const ReportDay&, const ReportDay&) = default;
};

struct ReportStringHash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

class ReportAggregate {
 public:
  using Rows = std::unordered_map<std::string, ReportRow, ReportStringHash, std::equal_to<>>;
  /// Keyed by date, YYYY-MM-DD as logged.
  using Days = std::unordered_map<std::string, ReportDay, ReportStringHash, std::equal_to<>>;

  /// Adds one parsed (and filtered) record. Allocates only for a new row.
  void add(const LogRecord& record);
  void merge(const ReportAggregate& other);
  void merge(ReportAggregate&& other);

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on truncated, corrupt or inconsistent input.
  [[nodiscard]] static ReportAggregate decode(ByteReader& r);

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

  /// Equal when every panel, day and total is (scratch state aside).
  friend bool operator==(const ReportAggregate& a, const ReportAggregate& b);

 private:
  ReportRow& row(ReportPanel panel, std::string_view key);
  void addRequest(const LogRecord& record, std::uint64_t bytes, const std::uint64_t* visitor);
  void addTime(const Timestamp& ts, std::uint64_t bytes, const std::uint64_t* visitor);
  void noteTime(const Timestamp& ts);

  std::array<Rows, kReportPanelCount> m_panels;
  Days m_days;
  std::uint64_t m_bandwidth = 0;
  std::optional<Timestamp> m_first, m_last;
  // Per-line scratch (not part of the value): reused so a line allocates nothing.
  struct Scratch {
    std::string key;
    std::int64_t day = INT64_MIN;
    std::string date;
  } m_scratch;
};

}  // namespace logmill::workers
