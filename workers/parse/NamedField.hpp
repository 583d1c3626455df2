#pragma once
// Fields a format names itself (nginx `$upstream_response_time`, a JSON key,
// a W3C column), beside the common Field values. Each name a process meets is
// given one Field value from kFirstNamedField up, for the life of the
// process, so a query holds them like any other Field; Query's encoding
// carries them by name, so another process may number them differently.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/Field.hpp"

namespace logmill::workers {

/// The first Field value of a named field: after Duration and the two fields
/// of the bot classifier (Bot, BotName).
inline constexpr int kFirstNamedField = static_cast<int>(Field::Duration) + 3;
/// How many distinct names one process can hold.
inline constexpr std::size_t kMaxNamedFields = 256 - kFirstNamedField;

[[nodiscard]] constexpr bool isNamedField(Field field) {
  return static_cast<int>(field) >= kFirstNamedField;
}

/// 0 for the first named field, 1 for the next...
[[nodiscard]] constexpr std::size_t namedFieldIndex(Field field) {
  return static_cast<std::size_t>(static_cast<int>(field) - kFirstNamedField);
}

/// The Field of `name` (given one if new). Thread-safe. Throws
/// std::length_error when the process already holds kMaxNamedFields names.
[[nodiscard]] Field namedField(std::string_view name);

/// The name of a named field ("" for a value never given out); valid for
/// the life of the process. Thread-safe.
[[nodiscard]] std::string_view namedFieldName(Field field);

/// True for a name a format may give a field: 1..64 bytes of letters,
/// digits, `_`, `-`, `.` and `@`, starting with a letter or `_`.
[[nodiscard]] bool isFieldNameSyntax(std::string_view name);

/// Reads the value of a named field as a number scaled by 10^6 (`0.25` ->
/// 250000, `512` -> 512000000): digits with at most six decimals, a leading
/// `-` allowed. False for an absent value, `-` or anything else.
[[nodiscard]] bool parseNamedNumber(std::string_view text, std::int64_t& millionths);

}  // namespace logmill::workers
