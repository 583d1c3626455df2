#include "workers/map/DailyMapper.hpp"

#include "workers/parse/FieldMask.hpp"
#include "workers/report/reportDay.hpp"

namespace logmill::workers {

DailyMapper::DailyMapper(std::string_view logFormat) : m_parser(logFormat) {}

void DailyMapper::mapText(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::size_t size = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(0, end == std::string_view::npos ? text.size() : end);
    if (line.ends_with('\r'))
      line.remove_suffix(1);  // "\r\n" ends a line too, as LineReader reads it
    if (line.size() > kMaxLineBytes) {
      addOverlong(size);
    } else {
      mapLine(line, size);
    }
    text.remove_prefix(size);
  }
}

void DailyMapper::addOverlong(std::uint64_t bytes) {
  Partial& day = m_days[std::string(kUndated)];
  RunStats& s = day.stats();
  ++s.lines;
  ++s.malformed;
  s.bytesIn += bytes;
  s.bytesOut += bytes;
}

void DailyMapper::mapLine(std::string_view line, std::uint64_t bytes) {
  const LineKind kind = m_parser.read(line, m_record, FieldMask::all());
  const bool parsed = kind == LineKind::Record;
  Partial& day = dayOf(m_record, parsed);
  RunStats& s = day.stats();
  s.bytesIn += bytes;
  s.bytesOut += bytes;
  if (kind == LineKind::Directive) return;  // a format's header (W3C `#Fields:`) is not a log line
  ++s.lines;
  if (!parsed) {
    ++s.malformed;
    return;
  }
  ++s.parsed;
  ++s.matched;
  day.add({});  // as Mapper counts a report's matched lines
  day.report().add(m_record);
}

Partial& DailyMapper::dayOf(const LogRecord& record, bool parsed) {
  const std::optional<Timestamp> ts = parsed ? record.time() : std::nullopt;
  if (!ts) return m_days[std::string(kUndated)];
  const std::int64_t day = reportDayNumber(*ts);
  // Lines come roughly in time order: the date is rarely formatted.
  if (m_lastPartial && day == m_lastDay) return *m_lastPartial;
  formatReportDay(day, m_date);
  m_lastDay = day;
  m_lastPartial = &m_days[m_date];
  return *m_lastPartial;
}

}  // namespace logmill::workers
