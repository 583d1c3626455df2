#pragma once
// The report map, one Partial per day: what `logmill ingest` keeps so that
// reports over any range of days can be merged later. Merging every day's
// Partial gives the Partial a `report` run over the same lines computes
// (a visitor belongs to one day), with stats counting text bytes as read.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "workers/map/Partial.hpp"
#include "workers/parse/LineParser.hpp"

namespace logmill::workers {

class DailyMapper {
 public:
  /// Lines that do not parse, or carry no time, go to this day.
  static constexpr std::string_view kUndated = "";
  /// Lines longer than this are counted as malformed, never parsed
  /// (ReaderOptions::maxLineBytes).
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

  /// `logFormat` as for Query::logFormat; throws std::invalid_argument on a
  /// bad one.
  explicit DailyMapper(std::string_view logFormat);

  /// Maps every line of `text`, which holds whole lines only, each ended by
  /// '\n' except perhaps the last (the end of a finished file).
  void mapText(std::string_view text);

  /// Counts one line too long to parse, of `bytes` text bytes.
  void addOverlong(std::uint64_t bytes);

  /// The partials by day (YYYY-MM-DD, or kUndated).
  [[nodiscard]] std::map<std::string, Partial, std::less<>>& days() { return m_days; }

 private:
  void mapLine(std::string_view line, std::uint64_t bytes);
  Partial& dayOf(const LogRecord& record, bool parsed);

  LineParser m_parser;
  LogRecord m_record;
  std::map<std::string, Partial, std::less<>> m_days;
  std::int64_t m_lastDay = 0;
  Partial* m_lastPartial = nullptr;  // the partial of m_lastDay (map nodes stay put)
  std::string m_date;
};

}  // namespace logmill::workers
