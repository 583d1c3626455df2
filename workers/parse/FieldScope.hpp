#pragma once
// The field names a query may use with a --log-format: the common ones
// (Field) and those the spec's formats name themselves (NamedField.hpp).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/Field.hpp"
#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class FieldScope {
 public:
  /// The names of `logFormatSpec` (as lineFormats takes it). Throws
  /// std::invalid_argument for a bad spec.
  explicit FieldScope(std::string_view logFormatSpec);
  ~FieldScope();
  FieldScope(FieldScope&&) noexcept;
  FieldScope& operator=(FieldScope&&) noexcept;

  /// The common field `name` (`host`, `status_class`...), else the named
  /// field of that name when a line could have it: with one format, one it
  /// names or may have (any JSON key); under auto, one any of its presets
  /// names. nullopt otherwise.
  [[nodiscard]] std::optional<Field> find(std::string_view name) const;

  /// For an unknown name: the format's own field names, comma-separated
  /// (empty when it has none, and under auto), e.g.
  /// "upstream_response_time, request_length".
  [[nodiscard]] std::string formatFieldNames() const;

 private:
  std::vector<std::unique_ptr<LineFormat>> m_formats;
};

/// The Field `name` names with `scope` (common fields only without one),
/// or throws std::invalid_argument: "unknown field 'x' (fields: host, ...;
/// this format's own: ...)".
[[nodiscard]] Field resolveField(std::string_view name, const FieldScope* scope);

}  // namespace logmill::workers
