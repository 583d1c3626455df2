#pragma once
// How a --where expression reads a field of a record (private to Predicate).

#include <cstdint>
#include <optional>
#include <string_view>

#include "workers/parse/Field.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers::expr {

/// How a field compares: text bytewise, numbers as integers (duration in
/// microseconds), time as a UTC instant (seconds since the epoch).
enum class ValueKind : std::uint8_t { Text, Number, Time };

[[nodiscard]] ValueKind valueKind(Field field);

/// True for fields read from %t (time, date, hour, weekday): when %t does not
/// parse they have no value, and no comparison on them matches.
[[nodiscard]] bool isTimeDerived(Field field);

/// Room for a value that is computed rather than viewed (date, hour, a
/// lower-cased extension...), so reading a field never allocates.
struct TextBuffer {
  char data[40];
};

/// The value of a named field in `r`; empty when its format lacks it.
[[nodiscard]] std::string_view namedValue(const LogRecord& r, Field field);

/// The field as text, as it prints (appendFieldValue), except `ext`, which is
/// lower-cased here. nullopt when a time-derived field's %t does not parse.
[[nodiscard]] std::optional<std::string_view> fieldText(const LogRecord& record, Field field,
                                                        TextBuffer& buffer);

/// The value of a Number or Time field: status, bytes, hour, duration in
/// microseconds, or time as UTC seconds; a named field as a number times
/// 10^6. nullopt when absent (status, bytes or duration `-`, %t does not
/// parse, a named field the line lacks or that is no number).
[[nodiscard]] std::optional<std::int64_t> fieldNumber(const LogRecord& record, Field field);

}  // namespace logmill::workers::expr
