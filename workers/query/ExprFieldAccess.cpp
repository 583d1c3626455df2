#include "workers/query/ExprFieldAccess.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "workers/parse/botFields.hpp"
#include "workers/parse/NamedField.hpp"
#include "workers/parse/derivedFields.hpp"
#include "workers/query/ExprTime.hpp"

namespace logmill::workers::expr {
namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

char* putDigits(char* out, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

std::string_view numberText(std::int64_t value, TextBuffer& buffer) {
  auto [end, ec] = std::to_chars(buffer.data, buffer.data + sizeof buffer.data, value);
  (void)ec;  // 40 chars always fit an int64
  return {buffer.data, static_cast<std::size_t>(end - buffer.data)};
}

// date, hour, weekday and time as Field.cpp prints them.
std::optional<std::string_view> timeText(const LogRecord& record, Field field, TextBuffer& buffer) {
  const auto ts = record.time();
  if (!ts) return std::nullopt;
  const std::int64_t local = ts->localSeconds();
  const std::int64_t days = floorDiv(local, 86400);
  const std::int64_t secs = local - days * 86400;
  char* p = buffer.data;
  if (field == Field::Weekday) {
    static constexpr std::string_view kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    return kDays[static_cast<std::size_t>(((days % 7) + 7) % 7)];
  }
  if (field == Field::Hour) {
    p = putDigits(p, secs / 3600, 2);
    return std::string_view(buffer.data, 2);
  }
  const CivilDate c = civilFromDays(days);
  p = putDigits(p, c.year, 4);
  *p++ = '-';
  p = putDigits(p, c.month, 2);
  *p++ = '-';
  p = putDigits(p, c.day, 2);
  if (field == Field::Time) {
    *p++ = 'T';
    p = putDigits(p, secs / 3600, 2);
    *p++ = ':';
    p = putDigits(p, secs / 60 % 60, 2);
    *p++ = ':';
    p = putDigits(p, secs % 60 + (ts->leapSecond ? 1 : 0), 2);
    const int off = ts->offsetMinutes;
    *p++ = off < 0 ? '-' : '+';
    const int absOff = off < 0 ? -off : off;
    p = putDigits(p, absOff / 60, 2);
    p = putDigits(p, absOff % 60, 2);
  }
  return std::string_view(buffer.data, static_cast<std::size_t>(p - buffer.data));
}

std::string_view lowerExtension(std::string_view path, TextBuffer& buffer) {
  const std::string_view ext = fileExtension(path);  // at most 15 chars
  for (std::size_t i = 0; i < ext.size(); ++i) {
    const char c = ext[i];
    buffer.data[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {buffer.data, ext.size()};
}

std::string_view statusClass(int status, TextBuffer& buffer) {
  if (status < 100 || status > 999) return "-";
  buffer.data[0] = static_cast<char>('0' + status / 100);
  buffer.data[1] = 'x';
  buffer.data[2] = 'x';
  return {buffer.data, 3};
}

}  // namespace

ValueKind valueKind(Field field) {
  // isNumericField says how to sort; this says how to compare, and time
  // compares as an instant against ISO 8601 literals.
  switch (field) {
    case Field::Status:
    case Field::Bytes:
    case Field::Hour:
    case Field::Duration:
      return ValueKind::Number;
    case Field::Time:
      return ValueKind::Time;
    default:
      return ValueKind::Text;
  }
}

bool isTimeDerived(Field field) {
  return field == Field::Time || field == Field::Date || field == Field::Hour ||
         field == Field::Weekday;
}

std::string_view namedValue(const LogRecord& r, Field field) {
  const std::size_t index = namedFieldIndex(field);
  return index < r.namedCount ? r.named[index] : std::string_view();
}

std::optional<std::string_view> fieldText(const LogRecord& r, Field field, TextBuffer& buffer) {
  if (isNamedField(field)) {
    const std::string_view value = namedValue(r, field);
    return value.empty() ? std::string_view("-") : value;  // as appendFieldValue prints it
  }
  switch (field) {
    case Field::Host:
      return r.host;
    case Field::Ident:
      return r.ident;
    case Field::User:
      return r.user;
    case Field::Method:
      return r.method;
    case Field::Path:
      return r.path;
    case Field::Protocol:
      return r.protocol;
    case Field::Referrer:
      return r.referrer;
    case Field::Agent:
      return r.agent;
    case Field::Vhost:
      return r.vhost;
    case Field::Request:
      return r.request;
    case Field::Status:
      return numberText(r.status, buffer);
    case Field::Bytes:
      return r.bytes < 0 ? std::string_view("-") : numberText(r.bytes, buffer);
    case Field::Time:
    case Field::Date:
    case Field::Hour:
    case Field::Weekday:
      return timeText(r, field, buffer);
    case Field::StatusClass:
      return statusClass(r.status, buffer);
    case Field::Ext:
      return lowerExtension(r.path, buffer);
    case Field::IsStatic:
      return isStaticPath(r.path) ? "true" : "false";
    case Field::Browser:
      return browserFamily(r.agent);
    case Field::Os:
      return osFamily(r.agent);
    case Field::Bot:
      return botClassName(botClass(r));
    case Field::BotName:
      return botName(r.agent);
    case Field::Duration: {
      std::string text;  // at most 20 bytes: within the small-string buffer
      appendSeconds(r.durationMicros, text);
      std::copy(text.begin(), text.end(), buffer.data);
      return std::string_view(buffer.data, text.size());
    }
  }
  return std::string_view();
}

std::optional<std::int64_t> fieldNumber(const LogRecord& r, Field field) {
  if (isNamedField(field)) {
    std::int64_t millionths = 0;
    if (parseNamedNumber(namedValue(r, field), millionths)) return millionths;
    return std::nullopt;
  }
  switch (field) {
    case Field::Status:
      return r.status < 0 ? std::nullopt : std::optional<std::int64_t>(r.status);
    case Field::Bytes:
      return r.bytes < 0 ? std::nullopt : std::optional<std::int64_t>(r.bytes);
    case Field::Duration:
      return r.durationMicros < 0 ? std::nullopt : std::optional<std::int64_t>(r.durationMicros);
    case Field::Hour: {
      const auto ts = r.time();
      if (!ts) return std::nullopt;
      const std::int64_t local = ts->localSeconds();
      return (local - floorDiv(local, 86400) * 86400) / 3600;
    }
    case Field::Time: {
      const auto ts = r.time();
      return ts ? std::optional<std::int64_t>(ts->epochSeconds) : std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace logmill::workers::expr
