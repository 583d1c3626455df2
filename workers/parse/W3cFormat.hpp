#pragma once
// W3C extended log files (`--log-format w3c`, `cloudfront`): IIS, CloudFront
// and others. `#Fields:` names the columns of the lines after it (a new one
// mid-file changes the layout from there on); `#Version:`, `#Software:`,
// `#Date:`... are directives too. Values are separated by a space, or by tabs
// when the line has one (CloudFront).
//
// Common fields: date + time -> time (UTC), c-ip -> host, cs-username ->
// user, cs-method, cs-uri-stem (+ `?` cs-uri-query) -> path, cs-version or
// cs-protocol-version -> protocol, sc-status, sc-bytes, cs(User-Agent),
// cs(Referer), x-host-header or cs-host / cs(Host) -> vhost, time-taken ->
// duration (seconds when written with a decimal point, as W3C and CloudFront
// do; whole milliseconds otherwise, as IIS does). Every column is also an
// extra field named as in `#Fields:`, lower-cased, with `-`, `(` and `)` as
// `_` and no trailing `_` (`cs(User-Agent)` -> `cs_user_agent`).

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class W3cFormat final : public LineFormat {
 public:
  /// Any W3C log; it names itself `cloudfront` once its `#Fields:` holds
  /// `x-edge-location`. `fixed`: named by --log-format (so a record before
  /// any `#Fields:` is the file's problem), not one of auto's guesses.
  [[nodiscard]] static W3cFormat generic(bool fixed = false);
  /// CloudFront's standard log: without a `#Fields:` line (a range cut from
  /// the middle of a file), CloudFront's documented columns are assumed.
  [[nodiscard]] static W3cFormat cloudFront();

  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override;
  [[nodiscard]] const std::string& name() const override;
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override;
  [[nodiscard]] std::string_view fileProblem() const override;
  /// Named by --log-format, any name may be a column (the file's `#Fields:`
  /// says which); under auto, the columns the W3C and IIS documents define.
  [[nodiscard]] bool mayHaveField(std::string_view name) const override;

  /// The most columns a `#Fields:` line may name (extras are counted in a byte).
  static constexpr std::size_t kMaxFields = 128;

 private:
  enum class Role : std::uint8_t {
    None,
    Date,
    Time,
    Host,
    User,
    Method,
    UriStem,
    UriQuery,
    Protocol,
    Status,
    Bytes,
    TimeTaken,
    Agent,
    Referrer,
    HostHeader,
    ViewerHost,
  };

  W3cFormat(bool cloudFront, bool fixed);
  [[nodiscard]] LineKind readDirective(std::string_view line) noexcept;
  [[nodiscard]] bool setLayout(std::string_view fields) noexcept;
  /// Finds the line's columns (false unless there are as many as the layout
  /// has, none empty); m_values holds them only if `keepValues`.
  [[nodiscard]] bool split(std::string_view line, bool keepValues) noexcept;
  /// The value of `column` of the line split last.
  [[nodiscard]] std::string_view value(std::size_t column) const noexcept;
  [[nodiscard]] bool fill(LogRecord& out, FieldMask needed) noexcept;
  [[nodiscard]] bool fillByRole(LogRecord& out) noexcept;
  [[nodiscard]] bool fillOne(Role role, std::string_view value, LogRecord& out) noexcept;
  void joinTime(LogRecord& out);
  void joinPath(LogRecord& out, FieldMask needed);

  bool m_cloudFront;  ///< CloudFront's dialect: time-taken always in seconds
  bool m_fixed;       ///< named by --log-format, not tried by auto-detection
  bool m_sawDirective = false;
  bool m_everHadLayout = false;
  bool m_recordWithoutLayout = false;
  std::vector<std::string> m_names;
  std::vector<Role> m_roles;
  /// The columns with a role, in order: a line fills only these.
  std::vector<std::pair<std::uint8_t, Role>> m_filled;
  /// Each role's column, -1 if none; used when no role has two columns.
  std::array<std::int16_t, static_cast<std::size_t>(Role::ViewerHost) + 1> m_columnOf{};
  bool m_uniqueRoles = false;
  std::vector<std::string_view> m_values;
  std::string_view m_line;  ///< the line split last
  /// Its separators' offsets from m_cuts[1] (8 written at a time past the
  /// last found), between UINT32_MAX and the line's size.
  std::array<std::uint32_t, 1 + kMaxFields + 64 + 8> m_cuts;
  std::string m_time;     ///< `date time`, joined
  std::string m_path;     ///< stem `?` query, joined
  std::string m_request;  ///< `method path protocol`, joined when asked for
  std::string_view m_date, m_clock, m_stem, m_query, m_hostHeader, m_viewerHost;
};

}  // namespace logmill::workers
