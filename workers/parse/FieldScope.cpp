#include "workers/parse/FieldScope.hpp"

#include <algorithm>
#include <stdexcept>

#include "workers/parse/NamedField.hpp"
#include "workers/parse/lineFormats.hpp"

namespace logmill::workers {

FieldScope::FieldScope(std::string_view logFormatSpec) : m_formats(lineFormats(logFormatSpec)) {}
FieldScope::~FieldScope() = default;
FieldScope::FieldScope(FieldScope&&) noexcept = default;
FieldScope& FieldScope::operator=(FieldScope&&) noexcept = default;

std::optional<Field> FieldScope::find(std::string_view name) const {
  if (const auto common = fieldFromName(name)) return common;
  if (!isFieldNameSyntax(name)) return std::nullopt;
  if (m_formats.size() == 1) {
    if (const auto alias = m_formats.front()->commonFieldFor(name)) return alias;
  }
  // Under auto a name must be one a preset defines: auto's formats are made
  // so that an open-ended one (JSON) does not accept every typo.
  for (const auto& format : m_formats) {
    if (format->mayHaveField(name)) return namedField(name);
  }
  return std::nullopt;
}

std::string FieldScope::formatFieldNames() const {
  // Under auto the presets' names together are too many to help.
  if (m_formats.size() != 1) return {};
  std::vector<std::string_view> seen;
  std::string out;
  for (const auto& format : m_formats) {
    for (const std::string& name : format->extraFieldNames()) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
      seen.push_back(name);
      if (!out.empty()) out += ", ";
      out += name;
    }
  }
  return out;
}

Field resolveField(std::string_view name, const FieldScope* scope) {
  const std::optional<Field> field = scope ? scope->find(name) : fieldFromName(name);
  if (field) return *field;
  std::string message = "unknown field '" + std::string(name) + "' (fields: ";
  for (int i = 0; i < kFieldCount; ++i) {
    if (i > 0) message += ", ";
    message += fieldName(static_cast<Field>(i));
  }
  const std::string own = scope ? scope->formatFieldNames() : std::string();
  if (!own.empty()) message += "; this log format's own: " + own;
  throw std::invalid_argument(message + ")");
}

}  // namespace logmill::workers
