#pragma once
// An Apache LogFormat string compiled once into a short program of steps
// (leading literal, field up to a delimiter, quoted field, bracketed time),
// each followed by the literal text that must come after it. Parsing a line
// runs the program as one left-to-right scan that allocates nothing.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workers/parse/Field.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LineFormat.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

/// Apache's `common` and `combined` (nginx's default `combined` has the same shape).
inline constexpr std::string_view kCommonLogFormat = R"(%h %l %u %t "%r" %>s %b)";
inline constexpr std::string_view kCombinedLogFormat =
    R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i")";

class LogFormat final : public LineFormat {
 public:
  /// Compiles an Apache LogFormat string (`%h %l %u %t "%r" %>s %b`), named
  /// `name` (the format string itself when empty). Throws
  /// std::invalid_argument naming the offending directive for an unknown or
  /// unsupported one, or for two fields with no text between them.
  [[nodiscard]] static LogFormat compile(std::string_view format, std::string name = {});
  /// Compiles an nginx `log_format` string (`$remote_addr - $remote_user
  /// [$time_local] "$request" $status $body_bytes_sent ...`): variables of
  /// the common fields fill them (`$request_time` the duration), any other
  /// variable is a field that is skipped. Throws std::invalid_argument
  /// naming the variable for `$time_local` outside `[...]`, or for two
  /// variables with no text between them.
  [[nodiscard]] static LogFormat compileNginx(std::string_view format, std::string name = {});
  /// True when `spec` reads as an nginx log_format string: a `$variable`
  /// and no Apache `%` directive.
  [[nodiscard]] static bool isNginxFormat(std::string_view spec);
  /// `vhost[:port] ` then combined; the port is optional and not kept.
  [[nodiscard]] static LogFormat vhostCombined();
  /// Combined followed by a space and any trailing fields (e.g. `%D`,
  /// `"$http_x_forwarded_for"`), which are ignored.
  [[nodiscard]] static LogFormat combinedWithExtras();

  /// Fills the fields this format has; returns false if `line` (without
  /// terminator) does not match. Fields it lacks are left untouched, and so
  /// may be fields outside `needed` (method, path and protocol are only
  /// split out of the request when asked for); validity ignores `needed`.
  /// Common, combined (nginx), vhost_combined and combined_extra run a
  /// specialised scan; other formats run their compiled steps.
  [[nodiscard]] bool parse(std::string_view line, LogRecord& out,
                           FieldMask needed = FieldMask::all()) const noexcept;
  /// The compiled-steps interpreter every format has, whatever parse uses:
  /// the reference the specialised scans must agree with (tests, benches).
  [[nodiscard]] bool parseBySteps(std::string_view line, LogRecord& out) const noexcept;

  /// LineFormat: parse() as a LineKind (an Apache format has no directives).
  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override {
    return parse(line, out, needed) ? LineKind::Record : LineKind::Malformed;
  }

  [[nodiscard]] const std::string& name() const override { return m_name; }

  /// Fields beyond the common ones, by their own names: every nginx variable
  /// that fills no common field (`upstream_response_time`), and Apache's
  /// `%{Name}i` as `header_name` (lower case, `-` as `_`), `%{Name}o` as
  /// `resp_header_name`, `%{Name}e` as `env_name`, `%{Name}n` as
  /// `note_name`, `%{Name}C` as `cookie_name`, and `%A %f %I %k %L %P %q %R
  /// %S` as `local_addr filename bytes_received keepalive log_id pid
  /// query_string handler bytes_transferred`. Values are raw, as logged.
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override {
    return m_extraNames;
  }

  /// The common field an nginx variable of this format fills, by the
  /// variable's name (`remote_addr` -> host); nullopt otherwise.
  [[nodiscard]] std::optional<Field> commonFieldFor(std::string_view name) const override;

  /// Where a field's text goes (and how it is checked).
  enum class Slot : std::uint8_t {
    Skip,
    Vhost,
    VhostMaybePort,
    Port,
    Host,
    Ident,
    User,
    Time,
    Request,
    Method,
    Path,
    Protocol,
    Status,
    Bytes,
    Micros,
    Millis,
    Seconds,
    DecimalSeconds,
    Referrer,
    Agent
  };

 private:
  enum class Op : std::uint8_t { Literal, Token, Quoted, Time };
  static constexpr std::uint8_t kNoExtra = 0xff;
  struct Step {
    Op op = Op::Literal;
    Slot slot = Slot::Skip;
    bool last = false;            ///< nothing may follow this step's literal
    char delim = 0;               ///< Token: first byte of the literal after it
    std::uint32_t litOffset = 0;  ///< literal after the field, in m_text
    std::uint32_t litLen = 0;
    std::uint8_t extra = kNoExtra;  ///< index into m_extraValues, or kNoExtra
    friend bool operator==(const Step&, const Step&) = default;
  };
  struct Item;  // compile-time token: literal text or a directive
  /// A program with a specialised scan (same results as its steps).
  enum class Shape : std::uint8_t { Steps, Common, Combined, VhostCombined, CombinedExtra };

  static std::vector<Item> tokenize(std::string_view format);
  static std::vector<Item> tokenizeNginx(std::string_view format);
  [[nodiscard]] static LogFormat compileSteps(std::string_view format, std::string name);
  [[nodiscard]] static Shape shapeOf(const LogFormat& format);
  void addSteps(std::vector<Item> items, std::string_view format);
  void addOwnName(Step& step, const Item& item);
  [[nodiscard]] bool runSteps(std::string_view line, LogRecord& out,
                              bool splitRequestLine) const noexcept;
  [[nodiscard]] bool runStep(const Step& step, const char*& pos, const char* end, LogRecord& out,
                             bool splitRequestLine) const noexcept;

  std::string m_name;
  std::string m_text;  ///< every literal, back to back
  std::vector<Step> m_steps;
  Shape m_shape = Shape::Steps;
  std::vector<std::string> m_extraNames;
  std::vector<std::pair<std::string, Field>> m_commonNames;  ///< nginx variable -> field
  // The last line's extras: parse is const to its callers, and a format
  // belongs to one LineParser (one thread).
  mutable std::vector<std::string_view> m_extraValues;
};

/// Splits a request line into method, path and protocol (fills `out`):
/// `GET /a HTTP/1.1`; `GET /a` has no protocol; text whose first word is not
/// an upper-case method (TLS bytes, `HELP`, `-`) is all path.
void splitRequest(std::string_view request, LogRecord& out) noexcept;

}  // namespace logmill::workers
