#include "engine/output/renderReport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/output/renderReportParts.hpp"
#include "ipc/AtomicFile.hpp"

namespace logmill::engine {
namespace report {

std::string humanBytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
  return buf;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", whole == 0 ? 0.0 : 100.0 * part / whole);
  return buf;
}

std::vector<GeneralStatistic> generalStatistics(const workers::ReportGeneral& g) {
  return {
      {"Total requests", g.totalRequests, false},
      {"Valid requests", g.validRequests, false},
      {"Failed requests", g.failedRequests, false},
      {"Unique visitors", g.uniqueVisitors, false},
      {"Requested files", g.requestedFiles, false},
      {"Unique 404s", g.uniqueNotFound, false},
      {"Static files", g.staticFiles, false},
      {"Referrers", g.referrers, false},
      {"Bandwidth", g.bandwidth, true},
      {"Log size", g.logSize, true},
  };
}

std::string statusLabel(std::string_view code) {
  int status = -1;
  std::from_chars(code.data(), code.data() + code.size(), status);
  const std::string_view reason = workers::reportStatusReason(status);
  std::string label(code);
  if (!reason.empty()) label.append(" - ").append(reason);
  return label;
}

namespace {

using Json = nlohmann::ordered_json;

Json rowJson(const workers::ReportSummaryRow& row, bool requestColumns) {
  Json j;
  j["data"] = row.data;
  if (requestColumns) {
    j["method"] = row.method;
    j["protocol"] = row.protocol;
  }
  j["hits"] = row.hits;
  j["visitors"] = row.visitors;
  j["visitors_estimated"] = row.visitorsEstimated;
  j["bytes"] = row.bytes;
  if (!row.items.empty()) {
    Json items = Json::array();
    for (const auto& item : row.items) items.push_back(rowJson(item, false));
    j["items"] = std::move(items);
  }
  return j;
}

/// Microseconds as JSON seconds (0.012).
double seconds(std::int64_t micros) {
  return static_cast<double>(micros) / 1e6;
}

Json timeRowJson(const workers::ReportSummaryRow& row) {
  return {{"data", row.data},        {"hits", row.hits},        {"p50", seconds(row.p50)},
          {"p95", seconds(row.p95)}, {"p99", seconds(row.p99)}, {"max", seconds(row.maxMicros)}};
}

Json rowJson(const workers::ReportSummaryRow& row, const workers::ReportSummaryPanel& panel) {
  if (panel.timeColumns) return timeRowJson(row);
  Json j = rowJson(row, panel.requestColumns);
  if (!panel.noteLabel.empty()) j["rules"] = row.note;
  return j;
}

}  // namespace

void renderJson(const workers::ReportSummary& s, OutputSink& out) {
  const workers::ReportGeneral& g = s.general;
  Json doc;
  doc["general"] = {
      {"total_requests", g.totalRequests},
      {"valid_requests", g.validRequests},
      {"failed_requests", g.failedRequests},
      {"reported_requests", g.reportedRequests},
      {"unique_visitors", g.uniqueVisitors},
      {"requested_files", g.requestedFiles},
      {"unique_not_found", g.uniqueNotFound},
      {"static_files", g.staticFiles},
      {"referrers", g.referrers},
      {"bandwidth", g.bandwidth},
      {"log_size", g.logSize},
      {"first_request", g.firstRequest},
      {"last_request", g.lastRequest},
      {"top_n", s.topN},
  };
  for (const workers::ReportSummaryPanel& p : s.panels) {
    Json rows = Json::array();
    for (const auto& row : p.rows) rows.push_back(rowJson(row, p));
    doc[std::string(p.id)] = {{"title", p.title},
                              {"rows_total", p.rowsTotal},
                              {"hits_total", p.hitsTotal},
                              {"bytes_total", p.bytesTotal},
                              {"rows", std::move(rows)}};
  }
  // Log bytes that are not UTF-8 become U+FFFD: the document always parses.
  out.write(doc.dump(1, ' ', false, Json::error_handler_t::replace));
  out.put('\n');
}

}  // namespace report

void renderReport(const workers::ReportSummary& summary, ReportFormat format, OutputSink& out) {
  switch (format) {
    case ReportFormat::Text:
      report::renderText(summary, out);
      break;
    case ReportFormat::Json:
      report::renderJson(summary, out);
      break;
    case ReportFormat::Html:
      report::renderHtml(summary, out);
      break;
  }
}

void renderReport(const workers::Partial& result, std::uint64_t topN,
                  const ReportRenderOptions& options, OutputSink& out) {
  static const workers::ReportAggregate kEmpty;
  const workers::ReportAggregate& aggregate = result.report() ? *result.report() : kEmpty;
  const workers::ReportSummary summary = workers::summarizeReport(aggregate, result.stats(), topN);
  if (options.outputPath.empty() || options.outputPath == "-") {
    renderReport(summary, options.format, out);
    return;
  }
  // All or nothing: a full disk or a kill leaves the old report in place.
  ipc::AtomicFile file(options.outputPath);
  OutputSink sink(file.fd());
  renderReport(summary, options.format, sink);
  try {
    sink.flush();
  } catch (const std::system_error& e) {
    throw std::runtime_error("cannot write '" + options.outputPath + "': " + e.code().message());
  }
  file.commit();
}

}  // namespace logmill::engine
