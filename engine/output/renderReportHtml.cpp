// `logmill report --format html`: one self-contained page (inline CSS and
// SVG, no script, no network) that any browser shows. Every string from the
// logs goes through htmlEscaped: a request line may well be an attack.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/output/renderReportParts.hpp"
#include "engine/output/textEscape.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::engine::report {
namespace {

using workers::ReportSummaryPanel;
using workers::ReportSummaryRow;

/// Log text as HTML: control bytes visible, markup characters escaped.
std::string logText(std::string_view s) {
  return htmlEscaped(controlEscaped(s));
}

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1f2a44;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c7cfe0}
main{padding:20px 28px;max-width:1200px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin-bottom:18px}
.card{background:#fff;border-radius:6px;padding:10px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .v{font-size:20px;font-weight:600}.card .l{color:#5b6478;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:14px;margin-bottom:18px}
section,.chart{background:#fff;border-radius:6px;padding:12px 16px;margin-bottom:14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:16px;margin:0 0 8px}h2 small{color:#5b6478;font-weight:normal}
table{border-collapse:collapse;width:100%;table-layout:auto}
th,td{padding:3px 8px;border-bottom:1px solid #e6e8ee;text-align:right;white-space:nowrap}
th{color:#5b6478;font-weight:600;font-size:12px}
td.d,th.d{text-align:left;white-space:normal;word-break:break-all;width:60%}
tr.group td{font-weight:600;background:#f7f8fa}tr.item td.d{padding-left:24px}
.bar{display:inline-block;height:8px;background:#4a7bd0;border-radius:2px;vertical-align:middle;margin-right:6px}
svg text{font:11px system-ui,sans-serif;fill:#3b4356}
footer{color:#5b6478;font-size:12px;padding:0 28px 24px}
)";

/// A vertical bar chart: one bar per label, the largest value on top.
std::string barChart(std::string_view title, const std::vector<std::string>& labels,
                     const std::vector<std::uint64_t>& values, std::string_view color) {
  const double width = 400, height = 190, left = 46, bottom = 30, top = 12;
  const std::uint64_t max =
      std::max<std::uint64_t>(1, *std::max_element(values.begin(), values.end()));
  const double slot =
      (width - left - 6) / static_cast<double>(std::max<std::size_t>(1, values.size()));
  const std::size_t labelEvery = std::max<std::size_t>(1, (values.size() + 15) / 16);
  std::string svg = "<div class=\"chart\"><h2>" + htmlEscaped(title) + "</h2>";
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" "
                "xmlns=\"http://www.w3.org/2000/svg\">",
                width, height);
  svg += buf;
  const double plot = height - bottom - top;
  std::snprintf(buf, sizeof buf,
                "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#c9cdd6\"/>"
                "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%llu</text>"
                "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">0</text>",
                left, height - bottom, width, height - bottom, left - 4, top + 8,
                static_cast<unsigned long long>(max), left - 4, height - bottom);
  svg += buf;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double h = plot * static_cast<double>(values[i]) / static_cast<double>(max);
    const double x = left + slot * static_cast<double>(i) + slot * 0.1;
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                  "<title>",
                  x, height - bottom - h, slot * 0.8, h, std::string(color).c_str());
    svg += buf;
    svg += htmlEscaped(labels[i]) + ": " + std::to_string(values[i]) + "</title></rect>";
    if (i % labelEvery == 0) {
      std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">",
                    x + slot * 0.4, height - bottom + 14);
      svg += buf;
      svg += htmlEscaped(labels[i]) + "</text>";
    }
  }
  return svg + "</svg></div>\n";
}

/// The status mix: one horizontal bar split by class, with a legend.
std::string statusChart(const ReportSummaryPanel& panel) {
  static constexpr std::pair<char, const char*> kColors[] = {
      {'1', "#8e9bb5"}, {'2', "#3c9d5d"}, {'3', "#4a7bd0"}, {'4', "#e0a030"}, {'5', "#d04a4a"}};
  const auto colorOf = [](std::string_view title) {
    for (const auto& [digit, color] : kColors) {
      if (!title.empty() && title[0] == digit) return color;
    }
    return "#777777";
  };
  std::uint64_t total = 0;
  for (const ReportSummaryRow& r : panel.rows) total += r.hits;
  std::string svg = "<div class=\"chart\"><h2>Status mix</h2>";
  svg +=
      "<svg viewBox=\"0 0 400 190\" width=\"100%\" role=\"img\" "
      "xmlns=\"http://www.w3.org/2000/svg\">";
  double x = 10;
  char buf[512];
  int legendY = 70;
  for (const ReportSummaryRow& r : panel.rows) {
    const double w = total ? 380.0 * static_cast<double>(r.hits) / static_cast<double>(total) : 0;
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"16\" width=\"%.1f\" height=\"36\" fill=\"%s\"><title>", x,
                  w, colorOf(r.data));
    svg += buf + htmlEscaped(r.data) + ": " + std::to_string(r.hits) + "</title></rect>";
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"10\" y=\"%d\" width=\"13\" height=\"13\" fill=\"%s\"/>"
                  "<text x=\"30\" y=\"%d\">",
                  legendY, colorOf(r.data), legendY + 10);
    svg += buf + htmlEscaped(r.data) + " — " + std::to_string(r.hits) + " (" +
           percent(r.hits, total) + "%)</text>";
    x += w;
    legendY += 22;
  }
  return svg + "</svg></div>\n";
}

std::string charts(const workers::ReportSummary& s) {
  std::string html = "<div class=\"charts\">\n";
  for (const ReportSummaryPanel& p : s.panels) {
    if (p.id != "visitors" && p.id != "visit_time") continue;
    std::vector<std::string> labels;
    std::vector<std::uint64_t> values;
    for (const ReportSummaryRow& r : p.rows) {
      labels.push_back(r.data);
      values.push_back(r.hits);
    }
    if (values.empty()) continue;
    html += barChart(p.id == "visitors" ? "Requests per day" : "Requests per hour", labels, values,
                     p.id == "visitors" ? "#4a7bd0" : "#6a5acd");
  }
  for (const ReportSummaryPanel& p : s.panels) {
    if (p.id == "status_codes" && !p.rows.empty()) html += statusChart(p);
  }
  return html + "</div>\n";
}

std::string cards(const workers::ReportSummary& s) {
  std::string html = "<div class=\"cards\">\n";
  for (const GeneralStatistic& stat : generalStatistics(s.general)) {
    const std::string value = stat.bytes ? humanBytes(stat.value) : std::to_string(stat.value);
    html += "<div class=\"card\"><div class=\"v\">" + htmlEscaped(value) +
            "</div><div class=\"l\">" + htmlEscaped(stat.label) + "</div></div>\n";
  }
  return html + "</div>\n";
}

/// A response-time row: hits, p50, p95, p99, max (seconds), path.
std::string timeRowHtml(const ReportSummaryRow& row) {
  std::string html = "<tr class=\"row\"><td>" + std::to_string(row.hits) + "</td>";
  for (const std::int64_t micros : {row.p50, row.p95, row.p99, row.maxMicros}) {
    std::string text;
    workers::appendSeconds(micros, text);
    html += "<td>" + text + "</td>";
  }
  return html + "<td class=\"d\">" + logText(row.data) + "</td></tr>\n";
}

std::string rowHtml(const ReportSummaryRow& row, const ReportSummaryPanel& panel,
                    const workers::ReportSummary& s, const char* cls, std::uint64_t maxHits) {
  if (panel.timeColumns) return timeRowHtml(row);
  const bool status = panel.id == "status_codes";
  const std::string data =
      status && std::string_view(cls) == "item" ? statusLabel(row.data) : row.data;
  const int bar =
      maxHits
          ? static_cast<int>(60.0 * static_cast<double>(row.hits) / static_cast<double>(maxHits))
          : 0;
  std::string html = std::string("<tr class=\"") + cls +
                     "\"><td><span class=\"bar\" style=\"width:" + std::to_string(bar) +
                     "px\"></span>" + std::to_string(row.hits) + "</td><td>" +
                     percent(row.hits, s.general.reportedRequests) + "%</td><td>" +
                     (row.visitorsEstimated ? "~" : "") + std::to_string(row.visitors) +
                     "</td><td>" + htmlEscaped(humanBytes(row.bytes)) + "</td>";
  if (panel.requestColumns) {
    html += "<td>" + logText(row.method.empty() ? "-" : row.method) + "</td><td>" +
            logText(row.protocol.empty() ? "-" : row.protocol) + "</td>";
  }
  if (!panel.noteLabel.empty()) html += "<td>" + logText(row.note) + "</td>";
  return html + "<td class=\"d\">" + logText(data) + "</td></tr>\n";
}

std::string panelHtml(const ReportSummaryPanel& panel, const workers::ReportSummary& s) {
  std::string html =
      "<section id=\"" + htmlEscaped(panel.id) + "\"><h2>" + htmlEscaped(panel.title);
  html += panel.allRows ? " <small>(" + std::to_string(panel.rowsTotal) + ")</small>"
                        : " <small>(top " + std::to_string(panel.rows.size()) + " of " +
                              std::to_string(panel.rowsTotal) + ")</small>";
  html += panel.timeColumns
              ? "</h2>\n<table><tr><th>Hits</th><th>p50 s</th><th>p95 s</th><th>p99 s</th>"
                "<th>Max s</th>"
              : "</h2>\n<table><tr><th>Hits</th><th>%</th><th>Visitors</th><th>Bandwidth</th>";
  if (panel.requestColumns) html += "<th>Method</th><th>Protocol</th>";
  if (!panel.noteLabel.empty()) html += "<th>" + htmlEscaped(panel.noteLabel) + "</th>";
  html += "<th class=\"d\">" + htmlEscaped(panel.dataLabel) + "</th></tr>\n";
  std::uint64_t maxHits = 0;
  for (const ReportSummaryRow& row : panel.rows) maxHits = std::max(maxHits, row.hits);
  for (const ReportSummaryRow& row : panel.rows) {
    html += rowHtml(row, panel, s, row.items.empty() ? "row" : "group", maxHits);
    for (const ReportSummaryRow& item : row.items) html += rowHtml(item, panel, s, "item", maxHits);
  }
  if (panel.rows.empty()) html += "<tr><td colspan=\"7\" class=\"d\">(none)</td></tr>\n";
  return html + "</table></section>\n";
}

}  // namespace

void renderHtml(const workers::ReportSummary& s, OutputSink& out) {
  const workers::ReportGeneral& g = s.general;
  out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
  out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  // No script, no remote anything: the page cannot fetch or run a thing.
  out.write(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; img-src data:\">\n");
  out.write("<title>logmill report</title><style>");
  out.write(kStyle);
  out.write("</style></head><body>\n<header><h1>logmill report</h1><p>");
  out.write(g.firstRequest.empty()
                ? std::string("no requests")
                : htmlEscaped(g.firstRequest) + " &ndash; " + htmlEscaped(g.lastRequest));
  out.write("</p></header>\n<main>\n");
  out.write(cards(s));
  out.write(charts(s));
  for (const ReportSummaryPanel& panel : s.panels) out.write(panelHtml(panel, s));
  out.write(
      "</main>\n<footer>Visitors: distinct (host, date, user agent), 4xx hits aside, as "
      "GoAccess counts them; ~ marks a HyperLogLog estimate (standard error 1.6%).</footer>\n");
  out.write("</body></html>\n");
}

}  // namespace logmill::engine::report
