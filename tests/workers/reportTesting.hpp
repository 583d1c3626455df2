#pragma once
// Test helpers for the report aggregate: the fixture's lines, their report,
// and encodings written by hand (what encoders never write).

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/report/ReportAggregate.hpp"
#include "workers/report/visitorMemory.hpp"

namespace logmill::workers::testing {

/// The lines of the combined-format fixture tests/data/elastic-apache-combined-2015.log.
inline std::vector<std::string> fixtureLines() {
  std::ifstream in(std::string(LOGMILL_TEST_DATA) + "/elastic-apache-combined-2015.log");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The report of lines [begin, end), built under a visitor budget of
/// `budget` bytes if given (its largest rows then estimated).
inline ReportAggregate aggregate(const std::vector<std::string>& lines, std::size_t begin,
                                 std::size_t end, std::optional<std::uint64_t> budget = {}) {
  const std::uint64_t saved = reportVisitorMemory();
  if (budget) setReportVisitorMemory(*budget);
  LineParser parser("combined");
  ReportAggregate a;
  LogRecord record;
  for (std::size_t i = begin; i < end; ++i) {
    if (parser.parse(lines[i], record)) a.add(record);
  }
  setReportVisitorMemory(saved);
  return a;
}

inline std::string encoded(const ReportAggregate& a) {
  ByteWriter w;
  a.encode(w);
  return w.take();
}

/// A report encoding of one panel of `keys` (one hit each, in the order
/// given) and days of `visitors` each (date, visitor hashes), the other
/// panels and totals empty.
inline std::string encodeRowsAndDays(
    const std::vector<std::string>& keys,
    const std::vector<std::pair<std::string, std::vector<int>>>& days = {}) {
  ByteWriter w;
  w.varint(keys.size());
  for (const std::string& key : keys) {
    w.bytes(key);
    w.varint(1);  // hits
    w.varint(0);  // bytes
    w.varint(0);  // no visitors
  }
  for (std::size_t p = 1; p < kReportPanelCount; ++p) w.varint(0);
  w.varint(days.size());
  for (const auto& [date, visitors] : days) {
    w.bytes(date);
    w.varint(visitors.size());  // hits
    w.varint(0);                // bytes
    w.varint(visitors.size());
    for (const int v : visitors) w.varint(static_cast<std::uint64_t>(v));
  }
  for (int i = 0; i < 3; ++i) w.varint(0);  // bandwidth, first, last
  return w.take();
}

}  // namespace logmill::workers::testing
