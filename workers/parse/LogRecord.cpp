#include "workers/parse/LogRecord.hpp"

#include <array>
#include <chrono>
#include <cstdint>

#include "workers/base/calendar.hpp"

namespace logmill::workers {

namespace {

/// Value of `count` decimal digits at `text`, or -1 if any is not a digit.
[[nodiscard]] int digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    auto digit = static_cast<unsigned char>(text[i] - '0');
    if (digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/// 1..12 for `Jan`..`Dec` (exactly as Apache and nginx write them), else 0.
[[nodiscard]] int monthFromName(std::string_view name) {
  // The three letters as one number: twelve integer compares instead of up
  // to twelve memcmp calls, on every line's time.
  constexpr auto pack = [](std::string_view s) {
    return (std::uint32_t{static_cast<unsigned char>(s[0])} << 16) |
           (std::uint32_t{static_cast<unsigned char>(s[1])} << 8) |
           std::uint32_t{static_cast<unsigned char>(s[2])};
  };
  static constexpr std::array<std::uint32_t, 12> kNames = {
      pack("Jan"), pack("Feb"), pack("Mar"), pack("Apr"), pack("May"), pack("Jun"),
      pack("Jul"), pack("Aug"), pack("Sep"), pack("Oct"), pack("Nov"), pack("Dec")};
  if (name.size() != 3) return 0;
  const std::uint32_t key = pack(name);
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (key == kNames[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

[[nodiscard]] int daysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && std::chrono::year{year}.is_leap()
             ? 29
             : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::optional<Timestamp> parseClfTime(std::string_view text) {
  // dd/Mon/yyyy:HH:MM:SS +zzzz
  // 0  3   7    12 15 18 21
  if (text.size() != 26 || text[2] != '/' || text[6] != '/' || text[11] != ':' || text[14] != ':' ||
      text[17] != ':' || text[20] != ' ' || (text[21] != '+' && text[21] != '-')) {
    return std::nullopt;
  }
  const int day = digits(text, 0, 2);
  const int month = monthFromName(text.substr(3, 3));
  const int year = digits(text, 7, 4);
  const int hour = digits(text, 12, 2);
  const int minute = digits(text, 15, 2);
  const int second = digits(text, 18, 2);
  const int offsetHours = digits(text, 22, 2);
  const int offsetMins = digits(text, 24, 2);
  // Second 60 is a leap second, which servers do write (strptime allows it).
  if (month == 0 || year < 0 || day < 1 || day > daysInMonth(year, month) || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || offsetHours < 0 ||
      offsetHours > 23 || offsetMins < 0 || offsetMins > 59) {
    return std::nullopt;
  }
  Timestamp stamp;
  stamp.offsetMinutes = (text[21] == '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  const std::int64_t localSeconds =
      daysFromCivil({year, static_cast<unsigned>(month), static_cast<unsigned>(day)}) * 86400 +
      hour * 3600 + minute * 60 + (second == 60 ? 59 : second);
  stamp.epochSeconds = localSeconds - std::int64_t{stamp.offsetMinutes} * 60;
  // POSIX time has no second 60: counted as :59 it keeps its day and hour.
  stamp.leapSecond = second == 60;
  return stamp;
}

namespace {

/// Local seconds of a checked civil date and time (second 60 counted as 59).
[[nodiscard]] std::optional<std::int64_t> localSecondsOf(int year, int month, int day, int hour,
                                                         int minute, int second) {
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  return daysFromCivil({year, static_cast<unsigned>(month), static_cast<unsigned>(day)}) * 86400 +
         hour * 3600 + minute * 60 + (second == 60 ? 59 : second);
}

/// Skips `.digits` at `at`; returns the index after them.
[[nodiscard]] std::size_t skipFraction(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] != '.') return at;
  std::size_t i = at + 1;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i == at + 1 ? std::string_view::npos : i;
}

/// Minutes east of UTC for `Z`, `+hh:mm`, `+hhmm`, `+hh` or nothing; nullopt
/// for anything else.
[[nodiscard]] std::optional<int> zoneMinutes(std::string_view zone) {
  if (zone.empty() || zone == "Z") return 0;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  const std::string_view rest = zone.substr(1);
  int hours = -1;
  int minutes = 0;
  if (rest.size() == 2) {
    hours = digits(rest, 0, 2);
  } else if (rest.size() == 4) {
    hours = digits(rest, 0, 2);
    minutes = digits(rest, 2, 2);
  } else if (rest.size() == 5 && rest[2] == ':') {
    hours = digits(rest, 0, 2);
    minutes = digits(rest, 3, 2);
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  return (zone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

}  // namespace

std::optional<Timestamp> parseIsoTime(std::string_view text) {
  // yyyy-mm-ddTHH:MM:SS
  // 0    5  8  11 14 17
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto local = localSecondsOf(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2),
                                    digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2));
  const std::size_t zoneAt = skipFraction(text, 19);
  if (!local || zoneAt == std::string_view::npos) return std::nullopt;
  const auto offset = zoneMinutes(text.substr(zoneAt));
  if (!offset) return std::nullopt;
  Timestamp stamp;
  stamp.offsetMinutes = *offset;
  stamp.epochSeconds = *local - std::int64_t{*offset} * 60;
  stamp.leapSecond = text[17] == '6';
  return stamp;
}

std::optional<Timestamp> parseEpochTime(std::string_view text) {
  constexpr std::int64_t kYear10000 = 253402300800;  // 10000-01-01T00:00:00Z
  std::size_t i = 0;
  std::int64_t seconds = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    seconds = seconds * 10 + (text[i] - '0');
    if (seconds >= kYear10000) return std::nullopt;
  }
  if (i == 0 || skipFraction(text, i) != text.size()) return std::nullopt;
  Timestamp stamp;
  stamp.epochSeconds = seconds;
  return stamp;
}

std::optional<Timestamp> LogRecord::time() const {
  switch (timeSyntax) {
    case TimeSyntax::Clf:
      return parseClfTime(timeText);
    case TimeSyntax::Iso8601:
      return parseIsoTime(timeText);
    case TimeSyntax::Epoch:
      return parseEpochTime(timeText);
  }
  return std::nullopt;
}

}  // namespace logmill::workers
