#pragma once
// Calendar arithmetic and time text shared by the dataset writers: exact,
// on std::chrono civil dates, with no time-zone database, TZ or locale.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "datasets/appendText.hpp"

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

/// `HH:MM:SS` of `t`.
inline void appendClock(std::string& out, const Civil& t) {
  appendTwoDigits(out, t.hour);
  out.push_back(':');
  appendTwoDigits(out, t.minute);
  out.push_back(':');
  appendTwoDigits(out, t.second);
}

/// `yyyy` `sep` `mm` `sep` `dd` of `t`.
inline void appendDate(std::string& out, const Civil& t, char sep) {
  appendNumber(out, static_cast<std::uint64_t>(t.year));
  out.push_back(sep);
  appendTwoDigits(out, t.month);
  out.push_back(sep);
  appendTwoDigits(out, t.day);
}

/// `yyyy-mm-dd` then `sep` then `HH:MM:SS`.
inline void appendDateTime(std::string& out, std::int64_t seconds, char sep) {
  const Civil t = toCivil(seconds);
  appendDate(out, t, '-');
  out.push_back(sep);
  appendClock(out, t);
}

/// `dd/Mon/yyyy:HH:MM:SS` (CLF without its zone).
inline void appendClf(std::string& out, std::int64_t seconds) {
  const Civil t = toCivil(seconds);
  appendTwoDigits(out, t.day);
  out.push_back('/');
  out += kMonths[t.month - 1];
  out.push_back('/');
  appendNumber(out, static_cast<std::uint64_t>(t.year));
  out.push_back(':');
  appendClock(out, t);
}

}  // namespace logmill::datasets
