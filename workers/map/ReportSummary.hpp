#pragma once
// A finished report: the general statistics and each panel's rows in display
// order, cut to the top N, ready for a renderer (text, JSON, HTML). Built
// from the reduced ReportAggregate, so every pool gives the same summary.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workers/map/Partial.hpp"
#include "workers/report/ReportAggregate.hpp"

namespace logmill::workers {

struct ReportSummaryRow {
  std::string data;              ///< the row's value: a path, host, date, "200"...
  std::string method, protocol;  ///< request panels only ("" when absent)
  std::uint64_t hits = 0;
  std::uint64_t visitors = 0;
  std::uint64_t bytes = 0;
  bool visitorsEstimated = false;       ///< visitors is a HyperLogLog estimate
  std::vector<ReportSummaryRow> items;  ///< status codes under their class
  std::string note;                     ///< panels with a noteLabel: e.g. a host's rules
  /// Panels with timeColumns: response times in microseconds (hits: timed hits).
  std::int64_t p50 = 0, p95 = 0, p99 = 0, maxMicros = 0;
};

struct ReportSummaryPanel {
  std::string_view id;          ///< GoAccess's JSON key: "hosts", "status_codes"...
  std::string_view title;       ///< "Visitor hostnames and IPs"
  std::string_view dataLabel;   ///< what `data` is: "Host", "Date", "Path"...
  bool requestColumns = false;  ///< rows carry method and protocol
  bool allRows = false;         ///< shown whole (days, hours, status codes), not top N
  bool timeColumns = false;     ///< rows are hits, p50, p95, p99, max: no visitors or bytes
  std::string_view noteLabel;   ///< non-empty: rows carry a `note` column of this title
  std::uint64_t rowsTotal = 0;  ///< distinct rows before the top-N cut
  std::uint64_t hitsTotal = 0;
  std::uint64_t bytesTotal = 0;
  std::vector<ReportSummaryRow> rows;
};

struct ReportGeneral {
  std::uint64_t totalRequests = 0;     ///< lines read
  std::uint64_t validRequests = 0;     ///< lines that parsed
  std::uint64_t failedRequests = 0;    ///< malformed lines
  std::uint64_t reportedRequests = 0;  ///< valid lines the report covers (after --where)
  std::uint64_t uniqueVisitors = 0;    ///< distinct (host, date, agent), 4xx hits aside
  std::uint64_t requestedFiles = 0;    ///< distinct requests (path, method, protocol)
  std::uint64_t uniqueNotFound = 0;    ///< distinct requests answered 404
  std::uint64_t staticFiles = 0;       ///< distinct static requests
  std::uint64_t referrers = 0;         ///< distinct referrer URLs
  std::uint64_t bandwidth = 0;         ///< sum of response bytes
  std::uint64_t logSize = 0;           ///< bytes read from disk
  std::string firstRequest;            ///< ISO 8601 as logged; "" if no time was seen
  std::string lastRequest;
};

struct ReportSummary {
  ReportGeneral general;
  std::vector<ReportSummaryPanel> panels;  ///< days first, status codes last
  std::uint64_t topN = 10;
};

/// Summarizes a reduced report (`report` may be empty: no line matched).
/// Panels other than days, hours and status codes keep their `topN` rows
/// with the most hits, ties by the row key bytewise (for requests the key
/// is method, protocol, path).
[[nodiscard]] ReportSummary summarizeReport(const ReportAggregate& report, const RunStats& stats,
                                            std::uint64_t topN);

/// "2xx Success", "4xx Client Errors"... for a status class digit ('2').
[[nodiscard]] std::string_view reportStatusClassTitle(char classDigit);
/// "OK", "Not Found"... for a status code; "" if unknown.
[[nodiscard]] std::string_view reportStatusReason(int status);

}  // namespace logmill::workers
