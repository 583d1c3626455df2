#pragma once
// One parsed access-log line. Every text field is a view into the line it was
// parsed from (raw, still escaped as the server wrote it), so parsing
// allocates nothing; a record is valid only while its line is.

#include <cstdint>
#include <optional>
#include <string_view>

namespace logmill::workers {

/// A point in time as a log line states it: UTC seconds plus the offset the
/// server wrote (`+0200` -> 120), so date and hour can be shown as logged.
///
/// A leap second (`23:59:60`) has the epoch second of `23:59:59` and
/// `leapSecond` set: date and hour stay as logged, time order stays sane (it
/// sorts with the second before it, never after the next minute), and the
/// `time` field still shows `:60`.
struct Timestamp {
  std::int64_t epochSeconds = 0;
  std::int32_t offsetMinutes = 0;
  bool leapSecond = false;  ///< logged second was 60
  /// Seconds since the epoch in the server's local time (for date/hour).
  [[nodiscard]] std::int64_t localSeconds() const { return epochSeconds + offsetMinutes * 60; }
};

/// How LogRecord::timeText is written.
enum class TimeSyntax : std::uint8_t {
  Clf,      ///< `17/May/2015:10:05:03 +0000` (Apache %t, nginx $time_local)
  Iso8601,  ///< `2015-05-17T10:05:03Z`, `...T10:05:03.123+02:00`, space for `T` allowed
  Epoch,    ///< `1431857103` or `1431857103.123` (seconds since 1970, UTC)
};

struct LogRecord {
  std::string_view vhost;            ///< %v or a vhost prefix; empty when absent
  std::string_view host;             ///< %h: IPv4, IPv6 or a hostname
  std::string_view ident;            ///< %l
  std::string_view user;             ///< %u
  std::string_view timeText;         ///< %t without brackets: `17/May/2015:10:05:03 +0000`
  std::string_view request;          ///< %r without quotes, raw
  std::string_view method;           ///< first word of the request; empty if none
  std::string_view path;             ///< request target; the whole request if it has no spaces
  std::string_view protocol;         ///< `HTTP/1.1`; empty for HTTP/0.9 or garbage requests
  std::string_view referrer;         ///< %{Referer}i, raw; `-` as written
  std::string_view agent;            ///< %{User-Agent}i, raw; `-` as written
  int status = -1;                   ///< %>s / %s; -1 when the format lacks it
  std::int64_t bytes = -1;           ///< %b / %B; -1 for `-` or absent
  std::int64_t durationMicros = -1;  ///< %D (or %T * 1e6); -1 when absent
  TimeSyntax timeSyntax = TimeSyntax::Clf;
  /// The format's own fields (LineFormat::extraFieldNames), `extraCount` of
  /// them; storage belongs to the format, valid while the line is.
  const std::string_view* extras = nullptr;
  std::uint8_t extraCount = 0;
  /// The named fields a query reads (NamedField.hpp), by namedFieldIndex:
  /// views of this record's extras, empty when its format lacks the field.
  /// Filled by LineParser::read for the fields given to readNamedFields.
  const std::string_view* named = nullptr;
  std::uint8_t namedCount = 0;

  /// The parsed time (per timeSyntax), computed on demand because most
  /// queries never need it.
  [[nodiscard]] std::optional<Timestamp> time() const;
};

/// Parses `dd/Mon/yyyy:HH:MM:SS +zzzz` (the CLF %t). nullopt if malformed.
[[nodiscard]] std::optional<Timestamp> parseClfTime(std::string_view text);
/// Parses `yyyy-mm-ddTHH:MM:SS[.frac][Z|+hh:mm|+hhmm]` (`T` or one space;
/// no zone means UTC; fractions are dropped). nullopt if malformed.
[[nodiscard]] std::optional<Timestamp> parseIsoTime(std::string_view text);
/// Parses seconds since the epoch, `1431857103[.frac]` (UTC). nullopt if
/// malformed or beyond year 9999.
[[nodiscard]] std::optional<Timestamp> parseEpochTime(std::string_view text);

}  // namespace logmill::workers
