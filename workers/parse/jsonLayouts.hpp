#pragma once
// The keys of the JSON access-log layouts the `json` preset knows: nginx
// `log_format ... escape=json` with its variables' names, Caddy's default
// access log and Traefik's JSON access log.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "workers/parse/Field.hpp"

namespace logmill::workers::json {

/// Where a key's value goes, and how it is read.
enum class Slot : std::uint8_t {
  None,
  Host,
  User,
  Time,     ///< CLF, ISO 8601 or epoch text, or an epoch number
  Request,  ///< a request line (nginx), or Caddy's request object
  Method,
  Path,
  Protocol,
  Status,
  Bytes,
  Referrer,
  Agent,
  Vhost,
  Seconds,  ///< a duration in seconds (number or decimal text)
  Nanos,    ///< a duration in nanoseconds (Traefik's Duration)
  Headers,  ///< Caddy's request.headers: {"User-Agent": ["..."], ...}
};

/// The slot of a top-level key; Slot::None for a key no layout knows.
[[nodiscard]] Slot topLevelSlot(std::string_view key);
/// The slot of a key inside Caddy's `request` object.
[[nodiscard]] Slot caddyRequestSlot(std::string_view key);
/// The slot of a header in Caddy's `request.headers`.
[[nodiscard]] Slot caddyHeaderSlot(std::string_view key);

/// The common field a slot fills (nullopt for None, Request, Headers).
[[nodiscard]] std::optional<Field> fieldOfSlot(Slot slot);

/// The layouts' other keys a query may name under auto (`upstream_response_time`,
/// `RouterName`, `level`...).
[[nodiscard]] std::span<const std::string_view> knownOtherKeys();

}  // namespace logmill::workers::json
