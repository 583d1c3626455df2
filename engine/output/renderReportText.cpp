// The plain terminal page of `logmill report --format text`: GoAccess's
// panels as aligned columns, the value last so long paths never push the
// numbers out of line.

#include <algorithm>
#include <string>
#include <vector>

#include "engine/output/renderReportParts.hpp"
#include "engine/output/textEscape.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::engine::report {
namespace {

using workers::ReportSummaryPanel;
using workers::ReportSummaryRow;

void writeGeneral(const workers::ReportSummary& s, OutputSink& out) {
  const workers::ReportGeneral& g = s.general;
  const std::string span = g.firstRequest.empty() ? "-" : g.firstRequest + " .. " + g.lastRequest;
  const auto line = [&](std::string_view label, const std::string& value) {
    std::string text = "  ";
    text += label;
    text.resize(20, ' ');
    out.write(text + value + "\n");
  };
  out.write("General statistics\n");
  for (const GeneralStatistic& stat : generalStatistics(g)) {
    const std::string count = std::to_string(stat.value);
    line(stat.label, stat.bytes ? humanBytes(stat.value) + " (" + count + " bytes)" : count);
  }
  line("Time span", span);
  if (g.reportedRequests != g.validRequests) {
    out.write("  Reported            " + std::to_string(g.reportedRequests) +
              " (valid requests that pass --where)\n");
  }
}

/// One table line's cells, numbers first, the value last.
struct Line {
  std::vector<std::string> cells;
};

/// A response-time row: hits, p50, p95, p99, max (seconds), path.
Line timeLine(const ReportSummaryRow& row) {
  const auto seconds = [](std::int64_t micros) {
    std::string text;
    workers::appendSeconds(micros, text);
    return text;
  };
  return {{std::to_string(row.hits), seconds(row.p50), seconds(row.p95), seconds(row.p99),
           seconds(row.maxMicros), controlEscaped(row.data)}};
}

Line rowLine(const ReportSummaryRow& row, const ReportSummaryPanel& panel,
             const workers::ReportSummary& s, bool nested, bool* estimated) {
  if (panel.timeColumns) return timeLine(row);
  const bool status = panel.id == "status_codes";
  std::string data = controlEscaped(row.data);
  if (status && nested) data = "  " + statusLabel(row.data);
  std::string visitors = std::to_string(row.visitors);
  if (row.visitorsEstimated) {
    visitors = "~" + visitors;
    *estimated = true;
  }
  Line line{{std::to_string(row.hits), percent(row.hits, s.general.reportedRequests), visitors,
             percent(row.visitors, s.general.uniqueVisitors), humanBytes(row.bytes)}};
  if (panel.requestColumns) {
    line.cells.push_back(row.method.empty() ? "-" : controlEscaped(row.method));
    line.cells.push_back(row.protocol.empty() ? "-" : controlEscaped(row.protocol));
  }
  if (!panel.noteLabel.empty()) line.cells.push_back(controlEscaped(row.note));
  line.cells.push_back(std::move(data));
  return line;
}

void writePanel(std::size_t number, const ReportSummaryPanel& panel,
                const workers::ReportSummary& s, bool* estimated, OutputSink& out) {
  std::string heading = "\n" + std::to_string(number) + ". " + std::string(panel.title);
  if (panel.allRows) {
    heading += " (" + std::to_string(panel.rowsTotal) + ")";
  } else {
    heading += " (top " + std::to_string(panel.rows.size()) + " of " +
               std::to_string(panel.rowsTotal) + ")";
  }
  out.write(heading + "\n");
  std::vector<Line> lines;
  lines.push_back({{"Hits", "%", "Visitors", "%", "Bandwidth"}});
  if (panel.timeColumns) lines.back().cells = {"Hits", "p50 s", "p95 s", "p99 s", "Max s"};
  if (panel.requestColumns) {
    lines.back().cells.push_back("Method");
    lines.back().cells.push_back("Protocol");
  }
  if (!panel.noteLabel.empty()) lines.back().cells.push_back(std::string(panel.noteLabel));
  lines.back().cells.push_back(std::string(panel.dataLabel));
  for (const ReportSummaryRow& row : panel.rows) {
    lines.push_back(rowLine(row, panel, s, false, estimated));
    for (const ReportSummaryRow& item : row.items)
      lines.push_back(rowLine(item, panel, s, true, estimated));
  }
  const std::size_t numeric = 5;  // right-aligned columns
  std::vector<std::size_t> width(lines.front().cells.size(), 0);
  for (const Line& l : lines) {
    for (std::size_t i = 0; i + 1 < l.cells.size(); ++i)
      width[i] = std::max(width[i], l.cells[i].size());
  }
  for (const Line& l : lines) {
    std::string text = " ";
    for (std::size_t i = 0; i < l.cells.size(); ++i) {
      const std::string& cell = l.cells[i];
      const std::string pad(i + 1 < l.cells.size() ? width[i] - cell.size() : 0, ' ');
      text += ' ';
      text += i < numeric ? pad + cell : cell + pad;
    }
    out.write(text + "\n");
  }
  if (panel.rows.empty()) out.write("  (none)\n");
}

}  // namespace

void renderText(const workers::ReportSummary& s, OutputSink& out) {
  writeGeneral(s, out);
  bool estimated = false;
  std::size_t number = 1;
  for (const ReportSummaryPanel& panel : s.panels) writePanel(number++, panel, s, &estimated, out);
  if (estimated) {
    out.write(
        "\n~ visitors estimated (HyperLogLog, standard error 1.6%): the exact sets did not fit in "
        "LOGMILL_VISITOR_MEMORY; all other figures exact\n");
  }
}

}  // namespace logmill::engine::report
