#pragma once
// Calendar arithmetic and time text shared by the dataset writers: exact,
// on std::chrono civil dates, with no time-zone database, TZ or locale.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace logmill::datasets {

inline constexpr std::array<std::string_view, 12> kMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  std::int64_t year;
  unsigned month, day, hour, minute, second;
};

constexpr std::int64_t daysFromCivil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

constexpr Civil toCivil(std::int64_t seconds) {
  using namespace std::chrono;
  const sys_seconds when{std::chrono::seconds{seconds}};
  const sys_days date = floor<days>(when);
  const year_month_day ymd{date};
  const auto rest = static_cast<unsigned>((when - date).count());
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          rest / 3600,
          rest / 60 % 60,
          rest % 60};
}

inline void appendTwoDigits(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace logmill::datasets
