#include "engine/bench/BenchReport.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/bench/BenchTargets.hpp"

namespace logmill::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string_view kindName(RowKind kind) {
  switch (kind) {
    case RowKind::Logmill:
      return "logmill";
    case RowKind::Baseline:
      return "baseline";
    case RowKind::Floor:
      return "floor";
  }
  return "?";
}

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
      return line.substr(line.find_first_not_of(" \t", line.find(':') + 1));
    }
  }
  return "unknown";
}

// A number for the table, or "-" when there is none (a row with no runs).
std::string cell(double v, int width, int precision, std::string_view suffix = "") {
  if (std::isnan(v)) return fmt::format("{:>{}}", "-", width);
  return fmt::format("{:>{}}", fmt::format("{:.{}f}{}", v, precision, suffix), width);
}

nlohmann::json number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

}  // namespace

MachineInfo MachineInfo::detect() {
  MachineInfo m;
  m.cpu = cpuModel();
  m.cores = std::max(1u, std::thread::hardware_concurrency());
  const char* commit = std::getenv("LOGMILL_COMMIT");
  m.commit = commit && *commit ? commit : "unknown";
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  m.date = buf;
  m.loadBefore = loadAverage();
  return m;
}

std::string MachineInfo::loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return in ? one + " " + five + " " + fifteen : "unknown";
}

double BenchRow::median() const {
  if (seconds.empty()) return kNaN;
  std::vector<double> s = seconds;
  std::sort(s.begin(), s.end());
  const std::size_t n = s.size();
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
double BenchRow::min() const {
  return seconds.empty() ? kNaN : *std::min_element(seconds.begin(), seconds.end());
}
double BenchRow::max() const {
  return seconds.empty() ? kNaN : *std::max_element(seconds.begin(), seconds.end());
}

double BenchReport::mbPerSecond(const BenchRow& row) const {
  return static_cast<double>(textBytes) / 1e6 / row.median();
}
double BenchReport::speedup(const BenchRow& row) const {
  for (const BenchRow& r : rows) {
    if (r.pool == "serial") return r.median() / row.median();
  }
  return kNaN;
}
bool BenchReport::allOk() const {
  return std::all_of(rows.begin(), rows.end(), [](const BenchRow& r) { return r.ok; });
}

std::string benchTable(const BenchReport& r) {
  std::string out = fmt::format(
      "logmill bench: {} on {} files, {:.1f} MB of text ({:.1f} MB as stored); {} runs + 1 warm-up "
      "each, interleaved across variants\n{}, {} logical CPUs, commit {}, {}; load average {} "
      "before, {} after\n\n",
      r.query, r.files, r.textBytes / 1e6, r.inputBytes / 1e6, r.runs, r.machine.cpu,
      r.machine.cores, r.machine.commit, r.machine.date, r.machine.loadBefore, r.machine.loadAfter);
  out += fmt::format("{:<16} {:>4} {:>9} {:>8} {:>8} {:>8} {:>9} {:>13}  {}\n", "variant", "jobs",
                     "median s", "min s", "max s", "MB/s", "speed-up", "peak RSS MB*", "ok");
  for (const BenchRow& row : r.rows) {
    out += fmt::format("{:<16} {:>4} {} {} {} {} {} {}  {}\n", row.variant, row.jobs,
                       cell(row.median(), 9, 3), cell(row.min(), 8, 3), cell(row.max(), 8, 3),
                       cell(r.mbPerSecond(row), 8, 1), cell(r.speedup(row), 9, 2, "x"),
                       cell(row.peakRssMb, 13, 1), row.ok ? "ok" : "FAILED: " + row.failure);
  }
  out += benchTargetsText(benchTargets(r));
  out +=
      "\nMB/s: uncompressed text of all inputs / median wall (spawn to reap, steady clock).\n"
      "speed-up: serial median / row median. Outputs are compared with an in-process serial run;\n"
      "floor rows (inflate to /dev/null) only need exit status 0.\n"
      "* peak RSS: wait4 ru_maxrss, i.e. the largest single process among the variant and its\n"
      "  reaped descendants (coordinator or one worker; a maximum, not a sum over workers).\n";
  out += fmt::format(
      "  `true` measures {:.1f} MB this way: a forked child starts with a copy of the bench's\n"
      "  memory and Linux counts it, so figures near that are at most that.\n",
      r.rssFloorMb);
  return out;
}

std::string benchJson(const BenchReport& r) {
  nlohmann::json doc;
  doc["machine"] = {{"cpu", r.machine.cpu},
                    {"cores", r.machine.cores},
                    {"commit", r.machine.commit},
                    {"date", r.machine.date},
                    {"load_before", r.machine.loadBefore},
                    {"load_after", r.machine.loadAfter}};
  doc["query"] = r.query;
  doc["command"] = r.commandLine;
  doc["paths"] = r.paths;
  doc["files"] = r.files;
  doc["input_bytes"] = r.inputBytes;
  doc["text_bytes"] = r.textBytes;
  doc["runs"] = r.runs;
  doc["peak_rss_note"] = "wait4 ru_maxrss: largest single process of the variant's tree, MB";
  doc["peak_rss_floor_mb"] = r.rssFloorMb;
  doc["ok"] = r.allOk();
  doc["targets"] = nlohmann::json::array();
  for (const BenchTarget& t : benchTargets(r)) {
    doc["targets"].push_back({{"name", t.name},
                              {"value", t.value},
                              {"comparison", t.comparison},
                              {"goal", t.goal},
                              {"met", t.met}});
  }
  doc["rows"] = nlohmann::json::array();
  for (const BenchRow& row : r.rows) {
    doc["rows"].push_back({{"variant", row.variant},
                           {"kind", kindName(row.kind)},
                           {"pool", row.pool},
                           {"jobs", row.jobs},
                           {"command", row.command},
                           {"seconds", row.seconds},
                           {"median_s", number(row.median())},
                           {"min_s", number(row.min())},
                           {"max_s", number(row.max())},
                           {"mb_per_s", number(r.mbPerSecond(row))},
                           {"speedup", number(r.speedup(row))},
                           {"peak_rss_mb", row.peakRssMb},
                           {"ok", row.ok},
                           {"failure", row.failure}});
  }
  return doc.dump(2) + "\n";
}

}  // namespace logmill::engine
