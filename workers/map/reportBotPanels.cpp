#include "workers/map/reportBotPanels.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace logmill::workers {
namespace {

ReportSummaryRow botRow(std::string_view data, const BotRow& r) {
  ReportSummaryRow row;
  row.data = data;
  row.hits = r.hits;
  row.bytes = r.bytes;
  row.visitors = r.visitors.count();
  row.visitorsEstimated = !r.visitors.isExact();
  return row;
}

/// The top N of `rows` by hits, ties by data bytewise; hitsTotal and
/// bytesTotal over all of them.
void keepTop(std::vector<ReportSummaryRow> rows, std::uint64_t topN, ReportSummaryPanel& panel) {
  panel.rowsTotal = rows.size();
  for (const ReportSummaryRow& row : rows) {
    panel.hitsTotal += row.hits;
    panel.bytesTotal += row.bytes;
  }
  const std::size_t n = std::min<std::uint64_t>(topN, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                    [](const ReportSummaryRow& a, const ReportSummaryRow& b) {
                      return a.hits != b.hits ? a.hits > b.hits : a.data < b.data;
                    });
  rows.resize(n);
  panel.rows = std::move(rows);
}

ReportSummaryPanel classPanel(const ReportBots& bots) {
  ReportSummaryPanel panel;
  panel.id = "bots";
  panel.title = "Humans and bots";
  panel.dataLabel = "Class";
  panel.allRows = true;
  for (std::size_t c = 0; c < kBotClassCount; ++c) {
    const auto cls = static_cast<BotClass>(c);
    const BotRow row = bots.byClass(cls);
    panel.rows.push_back(botRow(botClassName(cls), row));
    panel.hitsTotal += row.hits;
    panel.bytesTotal += row.bytes;
  }
  panel.rowsTotal = panel.rows.size();
  return panel;
}

ReportSummaryPanel suspectedPanel(const ReportAggregate& report, std::uint64_t topN) {
  ReportSummaryPanel panel;
  panel.id = "suspected_hosts";
  panel.title = "Suspected bot hosts";
  panel.dataLabel = "Host";
  panel.noteLabel = "Rules";
  const ReportAggregate::Rows& hosts = report.rows(ReportPanel::Hosts);
  std::vector<ReportSummaryRow> rows;
  for (const auto& [host, behaviour] : report.bots().hosts()) {
    std::string rules = suspicionRules(behaviour);
    if (rules.empty()) continue;
    ReportSummaryRow row;
    row.data = host;
    row.note = std::move(rules);
    // The host's own figures, as the hosts panel shows them.
    if (const auto it = hosts.find(host); it != hosts.end()) {
      row.hits = it->second.hits;
      row.bytes = it->second.bytes;
    }
    rows.push_back(std::move(row));
  }
  keepTop(std::move(rows), topN, panel);
  // Visitors only for the rows shown: an estimate reads 4096 registers.
  for (ReportSummaryRow& row : panel.rows) {
    if (const auto it = hosts.find(row.data); it != hosts.end()) {
      row.visitors = it->second.visitors.count();
      row.visitorsEstimated = !it->second.visitors.isExact();
    }
  }
  return panel;
}

}  // namespace

void appendBotPanels(const ReportAggregate& report, std::uint64_t topN,
                     std::vector<ReportSummaryPanel>& panels) {
  const ReportBots& bots = report.bots();
  panels.push_back(classPanel(bots));
  ReportSummaryPanel declared;
  declared.id = "declared_bots";
  declared.title = "Declared bots";
  declared.dataLabel = "Bot";
  std::vector<ReportSummaryRow> rows;
  rows.reserve(bots.names().size());
  for (const auto& [name, row] : bots.names()) rows.push_back(botRow(name, row));
  keepTop(std::move(rows), topN, declared);
  panels.push_back(std::move(declared));
  panels.push_back(suspectedPanel(report, topN));
}

void appendResponseTimes(const ReportAggregate& report, std::uint64_t topN,
                         std::vector<ReportSummaryPanel>& panels) {
  const ReportDurations::Paths& paths = report.durations().paths();
  if (paths.empty()) return;
  ReportSummaryPanel panel;
  panel.id = "response_times";
  panel.title = "Response times";
  panel.dataLabel = "Path";
  panel.timeColumns = true;
  std::vector<const ReportDurations::Paths::value_type*> entries;
  entries.reserve(paths.size());
  for (const auto& entry : paths) {
    entries.push_back(&entry);
    panel.hitsTotal += entry.second.micros.count();
  }
  panel.rowsTotal = entries.size();
  const std::size_t n = std::min<std::uint64_t>(topN, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n),
                    entries.end(), [](auto* a, auto* b) {
                      const std::uint64_t ha = a->second.micros.count();
                      const std::uint64_t hb = b->second.micros.count();
                      return ha != hb ? ha > hb : a->first < b->first;
                    });
  for (std::size_t i = 0; i < n; ++i) {
    const PathDurations& d = entries[i]->second;
    ReportSummaryRow row;
    row.data = entries[i]->first;
    row.hits = d.micros.count();
    row.p50 = d.micros.percentile(50).value_or(0);
    row.p95 = d.micros.percentile(95).value_or(0);
    row.p99 = d.micros.percentile(99).value_or(0);
    row.maxMicros = d.maxMicros;
    panel.rows.push_back(std::move(row));
  }
  panels.push_back(std::move(panel));
}

}  // namespace logmill::workers
