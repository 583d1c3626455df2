#include "workers/query/ExprTime.hpp"

#include "workers/parse/LogRecord.hpp"

namespace logmill::workers::expr {
namespace {

// Reads exactly `width` digits at `pos`, advancing it; nullopt otherwise.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool isLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned daysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeap(year) ? 29 : kDays[month - 1];
}

std::optional<CivilDate> parseDate(std::string_view text, std::size_t& pos) {
  const auto year = digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = digits(text, pos, 2);
  if (!month || *month < 1 || *month > 12 || !expect(text, pos, '-')) return std::nullopt;
  const auto day = digits(text, pos, 2);
  if (!day || *day < 1 || static_cast<unsigned>(*day) > daysInMonth(*year, *month)) {
    return std::nullopt;
  }
  return CivilDate{*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
}

// `HH:MM[:SS]` as seconds into the day.
std::optional<std::int64_t> parseClock(std::string_view text, std::size_t& pos) {
  const auto hour = digits(text, pos, 2);
  if (!hour || *hour > 23 || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = digits(text, pos, 2);
  if (!minute || *minute > 59) return std::nullopt;
  int second = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto s = digits(text, pos, 2);
    if (!s || *s > 60) return std::nullopt;  // 60: a leap second
    second = *s;
  }
  return std::int64_t{*hour} * 3600 + *minute * 60 + second;
}

// `Z`, `+HH:MM`, `+HHMM` (or `-`) as minutes east of UTC; 0 when absent.
std::optional<std::int64_t> parseZone(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
    return 0;
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const int sign = text[pos++] == '-' ? -1 : 1;
  const auto hours = digits(text, pos, 2);
  if (!hours) return std::nullopt;
  expect(text, pos, ':');
  const auto minutes = digits(text, pos, 2);
  if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return sign * (std::int64_t{*hours} * 60 + *minutes);
}

}  // namespace

std::optional<std::int64_t> parseTimeLiteral(std::string_view text) {
  std::size_t pos = 0;
  const auto date = parseDate(text, pos);
  if (!date) {
    const auto clf = parseClfTime(text);
    return clf ? std::optional<std::int64_t>(clf->epochSeconds) : std::nullopt;
  }
  std::int64_t seconds = daysFromCivil(*date) * 86400;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    const auto clock = parseClock(text, pos);
    if (!clock) return std::nullopt;
    const auto zone = parseZone(text, pos);
    if (!zone) return std::nullopt;
    seconds += *clock - *zone * 60;
  }
  if (pos != text.size()) return std::nullopt;
  return seconds;
}

bool isIsoDate(std::string_view text) {
  std::size_t pos = 0;
  return parseDate(text, pos) && pos == text.size();
}

}  // namespace logmill::workers::expr
