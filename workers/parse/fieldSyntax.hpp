#pragma once
// Internal to the log-format parser: what a valid field looks like. Shared
// by the compiled-steps interpreter (LogFormat.cpp) and the specialised scan
// (CombinedScan.hpp), so both decide validity with the very same code.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace logmill::workers::syntax {

[[nodiscard]] inline bool isDigit(char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}
[[nodiscard]] inline bool isUpper(char c) {
  return static_cast<unsigned char>(c - 'A') < 26;
}
[[nodiscard]] inline bool isAlpha(char c) {
  return static_cast<unsigned char>((c | 0x20) - 'a') < 26;
}

/// Digits only, at most 18 of them (so the value fits in int64).
[[nodiscard]] inline bool parseUnsigned(std::string_view text, std::int64_t& value) {
  if (text.empty() || text.size() > 18) return false;
  std::int64_t result = 0;
  for (char c : text) {
    if (!isDigit(c)) return false;
    result = result * 10 + (c - '0');
  }
  value = result;
  return true;
}

[[nodiscard]] inline bool parseStatus(std::string_view text, int& status) {
  if (text.size() != 3 || !isDigit(text[0]) || !isDigit(text[1]) || !isDigit(text[2])) {
    return false;
  }
  status = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
  return true;
}

/// `-` (nothing sent, or not measured) is -1; otherwise digits scaled by `unit`.
[[nodiscard]] inline bool parseAmount(std::string_view text, std::int64_t unit,
                                      std::int64_t& value) {
  if (text.size() == 1 && text[0] == '-') {
    value = -1;
    return true;
  }
  if (!parseUnsigned(text, value)) return false;
  value *= unit;
  return true;
}

/// Whether `c` is in `text`: a loop, as the fields searched are a few bytes
/// (string_view::find calls memchr).
[[nodiscard]] inline bool hasByte(std::string_view text, char c) {
  for (const char b : text) {
    if (b == c) return true;
  }
  return false;
}

/// Seconds written as `0.123` or `2` (`$request_time`, W3C `time-taken`),
/// at most six decimals, as microseconds; `-` is -1 (not measured).
[[nodiscard]] inline bool parseDecimalSeconds(std::string_view text, std::int64_t& micros) {
  if (text.size() == 1 && text[0] == '-') {
    micros = -1;
    return true;
  }
  // One pass: 1..18 whole digits, then `.` and 1..6 decimals or the end.
  // (Unsigned: 19 digits wrap instead of overflowing, and are refused.)
  const std::size_t size = text.size();
  std::size_t i = 0;
  std::uint64_t whole = 0;
  for (; i < size && i <= 18 && isDigit(text[i]); ++i) {
    whole = whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0 || i > 18 || whole > 1'000'000'000'000) return false;
  std::int64_t fraction = 0;
  if (i != size) {
    const std::size_t digits = size - i - 1;
    if (text[i] != '.' || digits == 0 || digits > 6) return false;
    for (++i; i < size; ++i) {
      if (!isDigit(text[i])) return false;
      fraction = fraction * 10 + (text[i] - '0');
    }
    for (std::size_t d = digits; d < 6; ++d) fraction *= 10;
  }
  micros = static_cast<std::int64_t>(whole) * 1'000'000 + fraction;
  return true;
}

/// `www.example.org:80` -> `www.example.org`; an IPv6 literal (several
/// colons) is left alone.
[[nodiscard]] inline std::string_view stripPort(std::string_view vhost) {
  std::size_t colon = vhost.find(':');
  if (colon == std::string_view::npos || colon + 1 == vhost.size()) return vhost;
  for (std::size_t i = colon + 1; i < vhost.size(); ++i) {
    if (!isDigit(vhost[i])) return vhost;
  }
  return vhost.substr(0, colon);
}

inline constexpr std::size_t kClfTimeSize = 26;

/// `dd/Mon/yyyy:HH:MM:SS +zzzz`, shape only: the exact check (month name,
/// ranges) happens in parseClfTime, which most queries never call.
[[nodiscard]] inline bool hasClfTimeShape(const char* t) {
  return isDigit(t[0]) && isDigit(t[1]) && t[2] == '/' && isAlpha(t[3]) && isAlpha(t[4]) &&
         isAlpha(t[5]) && t[6] == '/' && isDigit(t[7]) && isDigit(t[8]) && isDigit(t[9]) &&
         isDigit(t[10]) && t[11] == ':' && isDigit(t[12]) && isDigit(t[13]) && t[14] == ':' &&
         isDigit(t[15]) && isDigit(t[16]) && t[17] == ':' && isDigit(t[18]) && isDigit(t[19]) &&
         t[20] == ' ' && (t[21] == '+' || t[21] == '-') && isDigit(t[22]) && isDigit(t[23]) &&
         isDigit(t[24]) && isDigit(t[25]);
}

/// A `"` preceded by an odd run of backslashes is escaped (`\"`), an even
/// run is escaped backslashes followed by a real closing quote (`\\"`).
[[nodiscard]] inline bool isEscaped(const char* begin, const char* quote) {
  std::size_t backslashes = 0;
  for (const char* p = quote; p != begin && p[-1] == '\\'; --p) ++backslashes;
  return backslashes % 2 == 1;
}

}  // namespace logmill::workers::syntax
