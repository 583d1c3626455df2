#include "workers/map/ReportSummary.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

#include "workers/base/calendar.hpp"
#include "workers/map/reportBotPanels.hpp"

namespace logmill::workers {
namespace {

struct PanelInfo {
  ReportPanel panel;
  std::string_view id, title, dataLabel;
};

constexpr std::array<PanelInfo, kReportPanelCount> kPanels = {{
    {ReportPanel::Requests, "requests", "Requested files (URLs)", "Path"},
    {ReportPanel::StaticRequests, "static_requests", "Static requests", "Path"},
    {ReportPanel::NotFound, "not_found", "Not found URLs (404s)", "Path"},
    {ReportPanel::Hosts, "hosts", "Visitor hostnames and IPs", "Host"},
    {ReportPanel::Os, "os", "Operating systems", "Operating system"},
    {ReportPanel::Browsers, "browsers", "Browsers", "Browser"},
    {ReportPanel::VisitTime, "visit_time", "Time distribution", "Hour"},
    {ReportPanel::Referrers, "referrers", "Referrer URLs", "Referrer"},
    {ReportPanel::ReferringSites, "referring_sites", "Referring sites", "Site"},
    {ReportPanel::StatusCodes, "status_codes", "HTTP status codes", "Status"},
}};

bool isRequestPanel(ReportPanel p) {
  return p == ReportPanel::Requests || p == ReportPanel::StaticRequests ||
         p == ReportPanel::NotFound;
}

ReportSummaryRow makeRow(ReportPanel panel, std::string_view key, const ReportRow& r) {
  ReportSummaryRow row;
  if (isRequestPanel(panel)) {
    const ReportRequestKey k = splitReportRequestKey(key);
    row.data = k.path;
    row.method = k.method;
    row.protocol = k.protocol;
  } else {
    row.data = key;
  }
  row.hits = r.hits;
  row.bytes = r.bytes;
  row.visitors = r.visitors.count();
  row.visitorsEstimated = !r.visitors.isExact();
  return row;
}

bool byValue(const ReportSummaryRow& a, const ReportSummaryRow& b) {
  return std::tie(a.data, a.method, a.protocol) < std::tie(b.data, b.method, b.protocol);
}

/// Status codes grouped under their class ("2xx Success" > "200", "206"),
/// each class's visitors the union of its codes' visitors.
std::vector<ReportSummaryRow> groupStatuses(const ReportAggregate::Rows& rows) {
  std::vector<const ReportAggregate::Rows::value_type*> codes;
  for (const auto& entry : rows) codes.push_back(&entry);
  std::sort(codes.begin(), codes.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::vector<ReportSummaryRow> classes;
  ReportVisitorSketch visitors;
  const auto finishClass = [&] {
    if (classes.empty()) return;
    classes.back().visitors = visitors.count();
    classes.back().visitorsEstimated = !visitors.isExact();
    visitors = {};
  };
  for (const auto* code : codes) {
    const std::string_view title =
        reportStatusClassTitle(code->first.empty() ? '?' : code->first[0]);
    if (classes.empty() || classes.back().data != title) {
      finishClass();
      classes.push_back({});
      classes.back().data = title;
    }
    ReportSummaryRow& group = classes.back();
    group.hits += code->second.hits;
    group.bytes += code->second.bytes;
    visitors.merge(code->second.visitors);
    group.items.push_back(makeRow(ReportPanel::StatusCodes, code->first, code->second));
  }
  finishClass();
  return classes;
}

ReportSummaryPanel summarizePanel(const PanelInfo& info, const ReportAggregate::Rows& rows,
                                  std::uint64_t topN) {
  ReportSummaryPanel out;
  out.id = info.id;
  out.title = info.title;
  out.dataLabel = info.dataLabel;
  out.requestColumns = isRequestPanel(info.panel);
  out.allRows = info.panel == ReportPanel::VisitTime || info.panel == ReportPanel::StatusCodes;
  out.rowsTotal = rows.size();
  std::vector<const ReportAggregate::Rows::value_type*> entries;
  entries.reserve(rows.size());
  for (const auto& entry : rows) {
    out.hitsTotal += entry.second.hits;
    out.bytesTotal += entry.second.bytes;
    entries.push_back(&entry);
  }
  if (info.panel == ReportPanel::StatusCodes) {
    out.rows = groupStatuses(rows);
    return out;
  }
  std::size_t n = entries.size();
  if (out.allRows) {
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  } else {
    // Most hits first, ties by the row's key bytewise; only the top N are built.
    const auto byHits = [](auto* a, auto* b) {
      return a->second.hits != b->second.hits ? a->second.hits > b->second.hits
                                              : a->first < b->first;
    };
    n = std::min<std::uint64_t>(topN, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n),
                      entries.end(), byHits);
  }
  for (std::size_t i = 0; i < n; ++i) {
    out.rows.push_back(makeRow(info.panel, entries[i]->first, entries[i]->second));
  }
  return out;
}

ReportSummaryPanel summarizeDays(const ReportAggregate& report) {
  ReportSummaryPanel out;
  out.id = "visitors";
  out.title = "Unique visitors per day";
  out.dataLabel = "Date";
  out.allRows = true;
  out.rowsTotal = report.days().size();
  for (const auto& [date, d] : report.days()) {
    ReportSummaryRow row;
    row.data = date;
    row.hits = d.hits;
    row.bytes = d.bytes;
    row.visitors = d.visitors.size();
    out.hitsTotal += d.hits;
    out.bytesTotal += d.bytes;
    out.rows.push_back(std::move(row));
  }
  std::sort(out.rows.begin(), out.rows.end(), byValue);
  return out;
}

/// ISO 8601 as logged: 2015-05-17T10:05:03+0000.
std::string isoTime(const Timestamp& t) {
  const std::int64_t local = t.localSeconds();
  const std::int64_t days = local / 86400 - (local % 86400 < 0);
  const std::int64_t secs = local - days * 86400;
  const CivilDate date = civilFromDays(days);
  const long long y = date.year;
  const unsigned m = date.month;
  const unsigned d = date.day;
  const int off = t.offsetMinutes < 0 ? -t.offsetMinutes : t.offsetMinutes;
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d%02d", y, m, d,
                              static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                              static_cast<int>(secs % 60), t.offsetMinutes < 0 ? '-' : '+',
                              off / 60, off % 60);
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

ReportSummary summarizeReport(const ReportAggregate& report, const RunStats& stats,
                              std::uint64_t topN) {
  ReportSummary s;
  s.topN = topN;
  ReportGeneral& g = s.general;
  g.totalRequests = stats.lines;
  g.validRequests = stats.parsed;
  g.failedRequests = stats.malformed;
  g.reportedRequests = stats.matched;
  g.uniqueVisitors = report.uniqueVisitors();
  g.requestedFiles = report.rows(ReportPanel::Requests).size();
  g.uniqueNotFound = report.rows(ReportPanel::NotFound).size();
  g.staticFiles = report.rows(ReportPanel::StaticRequests).size();
  g.referrers = report.rows(ReportPanel::Referrers).size();
  g.bandwidth = report.bandwidth();
  g.logSize = stats.bytesIn;
  if (report.first()) g.firstRequest = isoTime(*report.first());
  if (report.last()) g.lastRequest = isoTime(*report.last());

  s.panels.push_back(summarizeDays(report));
  for (const PanelInfo& info : kPanels) {
    s.panels.push_back(summarizePanel(info, report.rows(info.panel), topN));
  }
  appendBotPanels(report, topN, s.panels);
  appendResponseTimes(report, topN, s.panels);
  return s;
}

std::string_view reportStatusClassTitle(char classDigit) {
  switch (classDigit) {
    case '1':
      return "1xx Informational";
    case '2':
      return "2xx Success";
    case '3':
      return "3xx Redirection";
    case '4':
      return "4xx Client Errors";
    case '5':
      return "5xx Server Errors";
    default:
      return "Other";
  }
}

std::string_view reportStatusReason(int status) {
  static constexpr std::pair<int, std::string_view> kReasons[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {206, "Partial Content"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {410, "Gone"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Payload Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {416, "Range Not Satisfiable"},
      {429, "Too Many Requests"},
      {444, "No Response"},
      {499, "Client Closed Request"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
  };
  for (const auto& [code, reason] : kReasons) {
    if (code == status) return reason;
  }
  return {};
}

}  // namespace logmill::workers
