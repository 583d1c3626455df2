#pragma once
// The one place where text taken from the logs is escaped for output. Every
// rule is applied to output cells (a few rows), never per log line in the map.
//
//   terminal  control bytes (C0, DEL, and C1 written as UTF-8) become \t \n \r
//             or \xNN, so a log line cannot move the cursor or recolour the
//             screen; everything else, backslash included, is unchanged.
//   TSV       \ tab LF CR become \\ \t \n \r (PostgreSQL COPY, ClickHouse
//             TSV), so a row is one line and a cell never splits.
//   CSV       RFC 4180 quoting; a text cell starting with = + - @ (other than
//             a lone "-") or tab/CR gets a leading ' so a spreadsheet cannot
//             run it as a formula.
//   JSON      string literals; invalid UTF-8 becomes U+FFFD, and DEL and C1
//             controls are \u escapes as well as C0.
//   HTML      & < > " ' as entities.
#include <string>
#include <string_view>

namespace logmill::engine {

/// One line for a terminal or a log: control bytes (a newline in a file
/// name, an escape sequence) become \n, \r, \t or \xNN, so one error is
/// always one line and cannot repaint the user's terminal.
[[nodiscard]] std::string controlEscaped(std::string_view s);
/// controlEscaped, line by line: the message's own line breaks stay (a
/// --where error's caret line), everything else is made visible.
[[nodiscard]] std::string messageEscaped(std::string_view s);
/// A TSV cell: \ tab LF CR as \\ \t \n \r; on a terminal, every other
/// control byte as \xNN too.
[[nodiscard]] std::string tsvEscaped(std::string_view s, bool terminal = false);
/// True when tsvEscaped(s, terminal) differs from s (a writer can then copy
/// s as it is, with no string made).
[[nodiscard]] bool tsvEscapeNeeded(std::string_view s, bool terminal = false);
/// A CSV cell per RFC 4180: quoted (with doubled quotes) only when it holds
/// , " CR or LF.
[[nodiscard]] std::string csvQuote(std::string_view s);
/// A text cell that a spreadsheet would run as a formula (= + - @ tab CR
/// first; a lone "-" is left alone) with a ' put in front; else unchanged.
[[nodiscard]] std::string formulaNeutralized(std::string_view s);
/// A JSON string literal; invalid UTF-8 (raw log bytes) becomes U+FFFD and
/// every control character (C0, DEL, C1) is a \u escape.
[[nodiscard]] std::string jsonString(std::string_view s);
/// HTML text or attribute value: & < > " ' as entities.
[[nodiscard]] std::string htmlEscaped(std::string_view s);

}  // namespace logmill::engine
