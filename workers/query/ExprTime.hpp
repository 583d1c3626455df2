#pragma once
// Calendar arithmetic for time comparisons (Predicate) and time-derived
// fields (Field.cpp's date/hour/time rendering).

#include <cstdint>
#include <optional>
#include <string_view>

#include "workers/base/calendar.hpp"

namespace logmill::workers::expr {

/// UTC seconds since the epoch of a --where time literal:
/// `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM` or
/// `HH:MM:SS`, optionally followed by `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or
/// `-HHMM`. A literal without a zone is UTC, not the server's local time: a
/// directory of logs can mix servers in several zones, and UTC is the only
/// reading that means the same instant for all of them. A CLF timestamp
/// copied from a log line (`17/May/2015:10:05:03 +0000`) is accepted too.
/// nullopt when the text is none of these or names an impossible date.
[[nodiscard]] std::optional<std::int64_t> parseTimeLiteral(std::string_view text);

/// True for text shaped like `YYYY-MM-DD` with a real month and day.
[[nodiscard]] bool isIsoDate(std::string_view text);

}  // namespace logmill::workers::expr
