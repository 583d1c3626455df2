#pragma once
// Quoting of log-derived text for the delimited and JSON outputs.
#include <string>
#include <string_view>

namespace logmill::engine {

/// RFC 4180: quoted (with doubled quotes) only when it holds , " CR or LF.
[[nodiscard]] std::string csvQuote(std::string_view s);
/// A JSON string literal; invalid UTF-8 (raw log bytes) becomes U+FFFD.
[[nodiscard]] std::string jsonString(std::string_view s);

/// One line for a terminal or a log: control bytes (a newline in a file
/// name, an escape sequence) become \n, \r, \t or \xNN, so one error is
/// always one line and cannot repaint the user's terminal.
[[nodiscard]] std::string controlEscaped(std::string_view s);

}  // namespace logmill::engine
