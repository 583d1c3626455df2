#include "workers/parse/Field.hpp"

#include <array>
#include <charconv>

#include "workers/base/calendar.hpp"
#include "workers/parse/botFields.hpp"
#include "workers/parse/NamedField.hpp"
#include "workers/parse/derivedFields.hpp"

namespace logmill::workers {
namespace {

constexpr std::array<std::string_view, kFieldCount> kNames = {
    "host",    "ident",   "user", "time",         "method", "path",      "protocol",
    "status",  "bytes",   "referrer", "agent",    "vhost",  "request",   "date",
    "hour",    "weekday", "status_class", "ext",  "is_static", "browser", "os",
    "duration", "bot", "bot_name",
};

void appendNumber(std::string& out, std::int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;  // 24 chars always fit an int64
  out.append(buf, end);
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// A named field as logged; absent (the format lacks it) or empty: `-`.
void appendNamedValue(const LogRecord& r, Field field, std::string& out) {
  const std::size_t index = namedFieldIndex(field);
  const std::string_view value =
      isNamedField(field) && index < r.namedCount ? r.named[index] : std::string_view();
  if (value.empty()) {
    out += '-';
  } else {
    out.append(value);
  }
}

void appendTimeField(const LogRecord& record, Field field, std::string& out) {
  const auto ts = record.time();
  if (!ts) {
    out += '-';
    return;
  }
  const std::int64_t local = ts->localSeconds();
  const std::int64_t days = floorDiv(local, 86400);
  const std::int64_t secs = local - days * 86400;
  // Digits are written by hand: snprintf made --by date/hour 10x slower
  // than --by status (bench_map).
  const auto two = [&](int v) {
    out += static_cast<char>('0' + v / 10 % 10);
    out += static_cast<char>('0' + v % 10);
  };
  const int hour = static_cast<int>(secs / 3600);
  if (field == Field::Hour) {
    two(hour);
    return;
  }
  if (field == Field::Weekday) {
    static constexpr std::array<std::string_view, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                              "Mon", "Tue", "Wed"};
    out.append(kDays[static_cast<std::size_t>(((days % 7) + 7) % 7)]);
    return;
  }
  const CivilDate c = civilFromDays(days);
  if (c.year < 0 || c.year > 9999) {
    out += '-';
    return;
  }
  two(c.year / 100);
  two(c.year % 100);
  out += '-';
  two(static_cast<int>(c.month));
  out += '-';
  two(static_cast<int>(c.day));
  if (field == Field::Date) return;
  // Time: ISO 8601 as logged
  const int off = ts->offsetMinutes;
  const int absOff = off < 0 ? -off : off;
  out += 'T';
  two(hour);
  out += ':';
  two(static_cast<int>(secs / 60 % 60));
  out += ':';
  two(static_cast<int>(secs % 60) + (ts->leapSecond ? 1 : 0));
  out += off < 0 ? '-' : '+';
  two(absOff / 60);
  two(absOff % 60);
}

}  // namespace

std::optional<Field> fieldFromName(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (kNames[static_cast<std::size_t>(i)] == name) return static_cast<Field>(i);
  }
  if (name == "referer") return Field::Referrer;  // the header's own spelling
  if (name == "ip" || name == "client") return Field::Host;
  return std::nullopt;
}

std::string_view fieldName(Field field) {
  if (isNamedField(field)) return namedFieldName(field);
  if (static_cast<int>(field) >= kFieldCount) return "?";
  return kNames[static_cast<std::size_t>(field)];
}

bool isNumericField(Field field) {
  return field == Field::Status || field == Field::Bytes || field == Field::Hour ||
         field == Field::Duration;
}

void appendSeconds(std::int64_t micros, std::string& out) {
  if (micros < 0) {
    out += '-';
    return;
  }
  appendNumber(out, micros / 1000000);
  std::int64_t fraction = micros % 1000000;
  if (fraction == 0) return;
  char digits[7] = "000000";
  for (int i = 5; i >= 0; --i, fraction /= 10) digits[i] = static_cast<char>('0' + fraction % 10);
  std::size_t n = 6;
  while (digits[n - 1] == '0') --n;
  out += '.';
  out.append(digits, n);
}

void appendFieldValue(const LogRecord& r, Field field, std::string& out) {
  switch (field) {
    case Field::Host:
      out.append(r.host);
      break;
    case Field::Ident:
      out.append(r.ident);
      break;
    case Field::User:
      out.append(r.user);
      break;
    case Field::Method:
      out.append(r.method);
      break;
    case Field::Path:
      out.append(r.path);
      break;
    case Field::Protocol:
      out.append(r.protocol);
      break;
    case Field::Referrer:
      out.append(r.referrer);
      break;
    case Field::Agent:
      out.append(r.agent);
      break;
    case Field::Vhost:
      out.append(r.vhost);
      break;
    case Field::Request:
      out.append(r.request);
      break;
    case Field::Status:
      appendNumber(out, r.status);
      break;
    case Field::Bytes:
      if (r.bytes < 0) {
        out += '-';
      } else {
        appendNumber(out, r.bytes);
      }
      break;
    case Field::Time:
    case Field::Date:
    case Field::Hour:
    case Field::Weekday:
      appendTimeField(r, field, out);
      break;
    case Field::StatusClass:
      if (r.status >= 100 && r.status <= 999) {
        out += static_cast<char>('0' + r.status / 100);
        out += "xx";
      } else {
        out += '-';
      }
      break;
    case Field::Ext:
      for (char c : fileExtension(r.path)) {
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
      break;
    case Field::IsStatic: out.append(isStaticPath(r.path) ? "true" : "false"); break;
    case Field::Browser: out.append(browserFamily(r.agent)); break;
    case Field::Os: out.append(osFamily(r.agent)); break;
    case Field::Duration: appendSeconds(r.durationMicros, out); break;
    case Field::Bot: out.append(botClassName(botClass(r))); break;
    case Field::BotName: out.append(botName(r.agent)); break;
    default: appendNamedValue(r, field, out); break;
  }
}

}  // namespace logmill::workers
