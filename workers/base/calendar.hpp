#pragma once
// The proleptic Gregorian calendar, once for the whole project: days since
// 1970-01-01 <-> year/month/day, on C++20 std::chrono civil dates (no timegm,
// TZ or locale involved).

#include <chrono>
#include <cstdint>

namespace logmill::workers {

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  ///< 1..12
  unsigned day = 1;    ///< 1..31
};

/// Days since 1970-01-01 of a date (negative: before). The date is not
/// validated: callers check month and day ranges first.
[[nodiscard]] constexpr std::int64_t daysFromCivil(CivilDate date) {
  using namespace std::chrono;
  return sys_days{year{date.year} / month{date.month} / day{date.day}}.time_since_epoch().count();
}

/// The date `days` after 1970-01-01 (negative: before).
[[nodiscard]] constexpr CivilDate civilFromDays(std::int64_t days) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

}  // namespace logmill::workers
