#pragma once
// The fields a query can name (--by, --where), base and derived.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

enum class Field : std::uint8_t {
  // base fields, straight from the line
  Host, Ident, User, Time, Method, Path, Protocol, Status, Bytes, Referrer, Agent, Vhost,
  Request,
  // derived fields
  Date,         ///< YYYY-MM-DD as logged (server local time)
  Hour,         ///< 00..23 as logged
  Weekday,      ///< Mon..Sun
  StatusClass,  ///< 2xx, 3xx, ...
  Ext,          ///< lower-case extension of the path without query string; "" if none
  IsStatic,     ///< "true"/"false": the path names a static asset (css, js, png...)
  Browser,      ///< Chrome, Firefox, Safari, ..., Crawlers, Unknown
  Os,           ///< Windows, macOS, Linux, Android, iOS, ..., Unknown
  // base again (appended so the encodings of the fields above stay as they were)
  Duration,  ///< time taken to serve, seconds (%D, %T, $request_time...); `-` when absent
  Bot,       ///< declared | suspected | human (workers/parse/botFields.hpp)
  BotName,   ///< the crawler list's name for a declared bot; `-` otherwise
};

inline constexpr int kFieldCount = static_cast<int>(Field::BotName) + 1;

/// Field by its CLI name (`host`, `status_class`...); nullopt if unknown.
[[nodiscard]] std::optional<Field> fieldFromName(std::string_view name);
[[nodiscard]] std::string_view fieldName(Field field);
/// True for fields whose natural order is numeric (status, bytes, time...).
[[nodiscard]] bool isNumericField(Field field);

/// Appends the field's value, as text, to `out` (for group keys and output).
/// Numbers print in decimal, `-` bytes as "-", time as ISO 8601 as logged
/// (`2015-05-17T10:05:03+0000`), duration in seconds (`0.25`, `-` if absent).
void appendFieldValue(const LogRecord& record, Field field, std::string& out);

/// Appends microseconds as seconds with up to six decimals and no trailing
/// zeros: 250000 -> `0.25`, 2000000 -> `2`, -1 (absent) -> `-`.
void appendSeconds(std::int64_t micros, std::string& out);

}  // namespace logmill::workers
