#pragma once
// Internal to the preset parsers (ALB, ELB, S3, W3C, HAProxy): field shapes
// they share beyond fieldSyntax.hpp.

#include <cstdint>
#include <string_view>

#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/parse/fieldSyntax.hpp"

namespace logmill::workers::syntax {

/// `192.0.2.10:443` -> `192.0.2.10`, `[2001:db8::1]:443` -> `2001:db8::1`,
/// `2001:db8::1:443` (AWS writes IPv6 so) -> `2001:db8::1`. False unless a
/// port of 1..5 digits follows the last colon.
[[nodiscard]] inline bool splitHostPort(std::string_view text, std::string_view& host) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view port = text.substr(colon + 1);
  std::int64_t value = 0;
  if (port.size() > 5 || !parseUnsigned(port, value)) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return true;
}

/// Seconds with decimals (`0.000012`), where `-1` means not measured (AWS
/// load balancers): microseconds, or -1.
[[nodiscard]] inline bool parseAwsSeconds(std::string_view text, std::int64_t& micros) {
  if (text == "-1") {
    micros = -1;
    return true;
  }
  return text != "-" && parseDecimalSeconds(text, micros);
}

/// A backend's status as AWS writes it: `-` (no response), or 1..3 digits
/// (`0` when the connection failed).
[[nodiscard]] inline bool isBackendStatus(std::string_view text) {
  std::int64_t value = 0;
  return text == "-" || (text.size() <= 3 && parseUnsigned(text, value));
}

/// Whole milliseconds (`12`, `-1` or `-` for not measured): microseconds or -1.
[[nodiscard]] inline bool parseMillis(std::string_view text, std::int64_t& micros) {
  if (text == "-1" || text == "-") {
    micros = -1;
    return true;
  }
  if (!parseUnsigned(text, micros) || micros > 1'000'000'000'000) return false;
  micros *= 1000;
  return true;
}

/// A status code or `-` (absent: -1).
[[nodiscard]] inline bool parseOptionalStatus(std::string_view text, int& status) {
  if (text == "-") {
    status = -1;
    return true;
  }
  return parseStatus(text, status);
}

/// A load balancer's request target is an absolute URL
/// (`https://www.example.com:443/a?b`): the path becomes `/a?b` and the
/// vhost `www.example.com` (when not already known). Anything else is left.
inline void splitAbsoluteUrl(LogRecord& out) {
  std::string_view target = out.path;
  std::size_t schemeEnd = target.find("://");
  if (schemeEnd == std::string_view::npos || schemeEnd == 0 || schemeEnd > 8) return;
  for (std::size_t i = 0; i < schemeEnd; ++i) {
    if (!isAlpha(target[i])) return;
  }
  const std::string_view afterScheme = target.substr(schemeEnd + 3);
  const std::size_t slash = afterScheme.find('/');
  const std::string_view authority = afterScheme.substr(0, slash);
  if (out.vhost.empty()) out.vhost = stripPort(authority);
  // `https://host:443` without a path asks for `/`, which has no byte in the
  // line to point at: a static literal is a view that outlives any line.
  static constexpr std::string_view kRoot = "/";
  out.path = slash == std::string_view::npos ? kRoot : afterScheme.substr(slash);
}

/// `yyyy-mm-dd`, shape only (as hasClfTimeShape: the calendar is checked
/// by parseIsoTime, which most queries never call).
[[nodiscard]] inline bool hasIsoDateShape(std::string_view t) {
  return t.size() == 10 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) && isDigit(t[3]) &&
         t[4] == '-' && isDigit(t[5]) && isDigit(t[6]) && t[7] == '-' && isDigit(t[8]) &&
         isDigit(t[9]);
}

/// `HH:MM:SS`, shape only; a fraction or zone may follow.
[[nodiscard]] inline bool hasClockShape(std::string_view t) {
  return t.size() >= 8 && isDigit(t[0]) && isDigit(t[1]) && t[2] == ':' && isDigit(t[3]) &&
         isDigit(t[4]) && t[5] == ':' && isDigit(t[6]) && isDigit(t[7]);
}

/// `yyyy-mm-ddTHH:MM:SS`, then anything (a fraction, a zone), shape only.
[[nodiscard]] inline bool hasIsoTimeShape(std::string_view text) {
  return text.size() >= 19 && hasIsoDateShape(text.substr(0, 10)) && text[10] == 'T' &&
         hasClockShape(text.substr(11));
}

/// Whether a request's parts must be split out (method, path, protocol, and
/// a load balancer's vhost from its URL): only when asked for, as validity
/// never depends on them. Asking for the request counts, since robots'
/// prefilter reads the path a load balancer's absolute URL hides.
[[nodiscard]] inline bool needsRequestParts(FieldMask needed) {
  return needed.has(FieldMask::kRequest | FieldMask::kMethod | FieldMask::kPath |
                    FieldMask::kProtocol | FieldMask::kVhost);
}

}  // namespace logmill::workers::syntax
