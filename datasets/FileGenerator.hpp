#pragma once
// Writes the lines of one dataset file: Apache combined records drawn from a
// Catalog, with a small share of odd-but-valid records and of malformed
// lines, and tallies what it wrote for the answer key.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "datasets/Catalog.hpp"
#include "datasets/LogStyle.hpp"
#include "datasets/Rng.hpp"
#include "datasets/Tally.hpp"

namespace logmill::datasets {

class FileGenerator {
 public:
  /// Output is a function of (catalog, seed, fileIndex, lines, style,
  /// robotsPpm) only; every style writes the same requests (and malformed
  /// lines); robotsPpm: lines per million added as a crawler's /robots.txt
  /// fetch (0 leaves the default mix as it was, byte for byte).
  FileGenerator(const Catalog& catalog, std::uint64_t seed, unsigned fileIndex, std::uint64_t lines,
                LogStyle style = LogStyle::Combined, std::uint32_t robotsPpm = 0);

  /// Generates every line, handing the text to `sink` in chunks of about
  /// 1 MiB (whole lines), and returns the tally of what was written.
  Tally run(const std::function<void(std::string_view)>& sink);

 private:
  struct Request;
  /// One client's run of requests, interleaved with other visits.
  struct Visit {
    const Client* client = nullptr;
    ClientClass cls = ClientClass::kHuman;
    std::string_view user = "-";
    std::string_view protocol;
    std::string_view page;  // the page a browser is on: its assets' referrer
    std::uint32_t remaining = 0;
    std::uint64_t assetsFetched = 0;  // of the current page
    const Resource* last = nullptr;   // the previous target, when it was a Resource
    PathKind lastKind = PathKind::kPage;
  };

  void appendLine(std::uint64_t index);
  void appendNormal(std::int64_t when);
  void appendCrawlerRobots(std::int64_t when);
  void startVisit(Visit& visit, Request& request);
  void continueVisit(Visit& visit, Request& request);
  void chooseRobots(Request& request);
  const Resource& chooseTarget(Request& request, PathKind kind, bool crawler);
  void chooseTarget(Request& request, PathKind kind, const Resource& resource, bool crawler);
  void chooseEntryReferrer(Request& request);
  void appendGarbage(std::int64_t when);
  void appendNoProtocol(std::int64_t when);
  void appendRobotsLookalike(std::int64_t when);
  void appendMalformed(std::int64_t when);
  void appendRecord(std::int64_t when, const Request& request);
  void appendStyled(std::int64_t when, const Request& request);
  void appendTime(std::int64_t when);
  void appendTruncated(std::int64_t when, bool inTimestamp);
  void appendErrorLogLine(std::int64_t when);
  void appendPrintableGarbage();
  void appendNumber(std::uint64_t value);
  [[nodiscard]] std::int64_t timeOf(std::uint64_t index);

  const Catalog& m_catalog;
  Rng m_rng;
  std::uint64_t m_lines;
  std::uint32_t m_robotsPpm;
  std::int64_t m_dayStart;      // local seconds since the epoch at 00:00:00
  std::string_view m_timezone;  // "+0000", "-0700", ...
  std::string m_buffer;
  std::string m_scratch;  // a garbage request's text
  LogStyle m_style;
  std::int32_t m_offsetMinutes = 0;  // m_timezone's
  std::uint64_t m_serial = 0;        // records written (other styles vary timings by it)
  std::string m_path;                // target + suffix, for other styles
  Tally m_tally;
  std::array<Visit, 4> m_visits{};
};

}  // namespace logmill::datasets
