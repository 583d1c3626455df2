#include "engine/store/countFromStore.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "workers/base/calendar.hpp"
#include "workers/report/ReportAggregate.hpp"

namespace logmill::engine::store {
namespace {

using workers::Field;
using workers::ReportPanel;

bool isDayField(Field f) {
  return f == Field::Date || f == Field::Weekday;
}

/// The report panel whose rows give `field`'s values; nullopt if none does.
std::optional<ReportPanel> panelOf(Field field) {
  switch (field) {
    case Field::Hour:
      return ReportPanel::VisitTime;
    case Field::Status:
    case Field::StatusClass:
      return ReportPanel::StatusCodes;
    case Field::Host:
      return ReportPanel::Hosts;
    case Field::Browser:
      return ReportPanel::Browsers;
    default:
      return std::nullopt;
  }
}

/// `field` of a record with no time, no status...: what a direct run shows
/// for the lines a panel leaves out.
std::string absentValue(Field field) {
  std::string out;
  workers::appendFieldValue(workers::LogRecord{}, field, out);
  return out;
}

struct CivilDay {
  int year = 0;
  unsigned month = 0, day = 0;
};

/// A stored day key (workers::formatReportDay: the year unpadded, maybe
/// negative); nullopt for the undated row.
std::optional<CivilDay> parseDayKey(std::string_view key) {
  const std::size_t dash = key.find('-', 1);
  if (dash == std::string_view::npos || key.size() != dash + 6) return std::nullopt;
  CivilDay d;
  const char* end = key.data() + dash;
  if (std::from_chars(key.data(), end, d.year).ptr != end) return std::nullopt;
  d.month = static_cast<unsigned>((key[dash + 1] - '0') * 10 + (key[dash + 2] - '0'));
  d.day = static_cast<unsigned>((key[dash + 4] - '0') * 10 + (key[dash + 5] - '0'));
  return d;
}

/// `field` (date or weekday) of a record logged on stored day `key`, by
/// the very code a direct run uses: a record at midnight UTC that day.
std::string dayValue(Field field, std::string_view key) {
  const std::optional<CivilDay> d = parseDayKey(key);
  if (!d) return absentValue(field);
  int year = d->year;
  if (year < 0 || year > 9999) {
    if (field == Field::Date) return absentValue(field);  // a date field shows 4-digit years only
    // Weekdays repeat every 400 years (146097 days, 20871 weeks).
    year = ((year % 400) + 400) % 400 + 2000;
  }
  char iso[32];
  const auto n = std::snprintf(iso, sizeof iso, "%04d-%02u-%02uT00:00:00Z", year, d->month, d->day);
  workers::LogRecord record;
  record.timeSyntax = workers::TimeSyntax::Iso8601;
  record.timeText = std::string_view(iso, static_cast<std::size_t>(n));
  std::string out;
  workers::appendFieldValue(record, field, out);
  return out;
}

/// `field` of the records a panel row `key` counts.
std::string panelValue(Field field, std::string_view key) {
  if (field != Field::StatusClass) return std::string(key);  // rows are keyed by the value itself
  workers::LogRecord record;
  if (std::from_chars(key.data(), key.data() + key.size(), record.status).ptr !=
      key.data() + key.size()) {
    record.status = -1;
  }
  std::string out;
  workers::appendFieldValue(record, field, out);
  return out;
}

/// A group key of `values` as workers::buildGroupKey packs them: one value
/// as it is, several each after its length (4 bytes, little-endian).
std::string packKey(const std::vector<std::string>& values) {
  if (values.size() == 1) return values.front();
  std::string key;
  for (const std::string& v : values) {
    auto n = static_cast<std::uint32_t>(v.size());
    for (int i = 0; i < 4; ++i, n >>= 8) key += static_cast<char>(n & 0xff);
    key += v;
  }
  return key;
}

/// Adds the groups of one stored day to `out`.
void addDay(const std::vector<Field>& by, std::string_view key, const workers::Partial& day,
            workers::Partial& out) {
  const std::uint64_t total = day.stats().matched;
  if (total == 0) return;
  std::vector<std::string> values(by.size());
  std::size_t panelAt = by.size();
  for (std::size_t i = 0; i < by.size(); ++i) {
    if (isDayField(by[i])) {
      values[i] = dayValue(by[i], key);
    } else {
      panelAt = i;
    }
  }
  if (panelAt == by.size()) {
    out.add(packKey(values), total);
    return;
  }
  const Field field = by[panelAt];
  std::uint64_t inRows = 0;
  if (day.report()) {
    for (const auto& [rowKey, row] : day.report()->rows(*panelOf(field))) {
      values[panelAt] = panelValue(field, rowKey);
      out.add(packKey(values), row.hits);
      inRows += row.hits;
    }
  }
  if (inRows < total) {  // lines with no time (hour) or no status
    values[panelAt] = absentValue(field);
    out.add(packKey(values), total - inRows);
  }
}

}  // namespace

void checkStoreGroups(const std::vector<Field>& by) {
  const Field* panelField = nullptr;
  for (const Field& f : by) {
    if (isDayField(f)) continue;
    if (!panelOf(f)) {
      throw std::invalid_argument("a store cannot group by '" + std::string(workers::fieldName(f)) +
                                  "': it keeps counts by " + std::string(kStoreGroupFields) +
                                  "; for other fields, run on the logs");
    }
    if (panelField) {
      throw std::invalid_argument("a store cannot group by both '" +
                                  std::string(workers::fieldName(*panelField)) + "' and '" +
                                  std::string(workers::fieldName(f)) + "': it keeps counts by " +
                                  std::string(kStoreGroupFields));
    }
    panelField = &f;
  }
}

workers::Partial countFromStore(Store& store, const std::optional<std::string>& from,
                                const std::optional<std::string>& to,
                                const std::vector<Field>& by) {
  checkStoreGroups(by);
  const std::string undated = absentValue(Field::Date);
  workers::Partial out;
  store.forEachDay(from, to, [&](const std::string& key, workers::Partial&& day) {
    // As a direct run's --from/--to: a line with no date shown is in no range.
    const std::string date = dayValue(Field::Date, key);
    if (date == undated ? (from || to) : ((from && date < *from) || (to && date > *to))) return;
    out.stats().merge(day.stats());
    addDay(by, key, day, out);
  });
  return out;
}

}  // namespace logmill::engine::store
