#pragma once
// The `json` preset: one JSON object per line (simdjson's DOM parser). The
// common fields come from the keys of nginx `escape=json` layouts, Caddy's
// and Traefik's default access logs, or from `--json-fields` (spec
// `json:host=KEY,time=KEY,...`, nested keys with dots); every other
// top-level scalar key is a named field.

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class JsonFormat final : public LineFormat {
 public:
  /// `fields`: the text after `json:` (empty for plain `json`), a comma
  /// list of FIELD=KEY with FIELD one of host user time method path request
  /// protocol status bytes referrer agent vhost duration (seconds). Throws
  /// std::invalid_argument naming a bad item. `anyKey`: every key is a
  /// field name (named by --log-format); auto's guess knows only the
  /// presets' keys, or any typo would be a field.
  explicit JsonFormat(std::string_view fields = {}, bool anyKey = true);
  ~JsonFormat() override;
  JsonFormat(JsonFormat&&) noexcept;
  JsonFormat& operator=(JsonFormat&&) noexcept;

  /// A line that is not one JSON object of depth <= 8 (valid UTF-8, no
  /// duplicate key among the top level's at most 256, nothing after it),
  /// or whose keys give no status and no request or path, or give a known
  /// key a value of the wrong type, is Malformed.
  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override;
  [[nodiscard]] const std::string& name() const override { return m_name; }
  /// Known names of the presets' other keys (`upstream_response_time`,
  /// `RouterName`...), then any added by addFieldNames.
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override {
    return m_extraNames;
  }
  /// Any top-level key may be in a line (when named by --log-format).
  [[nodiscard]] bool mayHaveField(std::string_view name) const override;
  /// `remote_addr` -> host, `ClientHost` -> host... and the --json-fields keys.
  [[nodiscard]] std::optional<Field> commonFieldFor(std::string_view name) const override;
  void addFieldNames(std::span<const std::string> names) override;

 private:
  struct Impl;
  std::string m_name = "json";
  bool m_anyKey = true;
  std::vector<std::string> m_extraNames;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
