#include "workers/report/reportDay.hpp"

#include "workers/base/calendar.hpp"

namespace logmill::workers {

std::int64_t reportDayNumber(const Timestamp& ts) {
  constexpr std::int64_t kSecondsPerDay = 86400;
  const std::int64_t local = ts.localSeconds();
  return local / kSecondsPerDay - (local % kSecondsPerDay < 0 ? 1 : 0);
}

void formatReportDay(std::int64_t days, std::string& out) {
  const CivilDate date = civilFromDays(days);
  out = std::to_string(date.year);
  out += '-';
  out += static_cast<char>('0' + date.month / 10);
  out += static_cast<char>('0' + date.month % 10);
  out += '-';
  out += static_cast<char>('0' + date.day / 10);
  out += static_cast<char>('0' + date.day % 10);
}

}  // namespace logmill::workers
