#pragma once
// Quoting of log-derived text for the delimited and JSON outputs.
#include <string>
#include <string_view>

namespace logmill::engine {

/// RFC 4180: quoted (with doubled quotes) only when it holds , " CR or LF.
[[nodiscard]] std::string csvQuote(std::string_view s);
/// A JSON string literal; invalid UTF-8 (raw log bytes) becomes U+FFFD.
[[nodiscard]] std::string jsonString(std::string_view s);

}  // namespace logmill::engine
