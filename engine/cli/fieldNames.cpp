#include "engine/cli/fieldNames.hpp"

#include <map>
#include <memory>
#include <stdexcept>

namespace logmill::engine {

const workers::FieldScope& scopeOf(const std::string& logFormat) {
  // The CLI runs on one thread; a spec is compiled once however many names.
  static std::map<std::string, std::unique_ptr<workers::FieldScope>> scopes;
  auto& scope = scopes[logFormat];
  if (!scope) scope = std::make_unique<workers::FieldScope>(logFormat);
  return *scope;
}

std::string unknownByField(const std::string& name, const std::string& logFormat) {
  std::string message = "unknown field '" + name + "' in --by";
  const std::string own = scopeOf(logFormat).formatFieldNames();
  if (!own.empty()) message += " (this log format's own fields: " + own + ")";
  return message;
}

std::string withJsonFields(const std::string& logFormat, const std::string& jsonFields) {
  if (logFormat != "auto" && logFormat != "json") {
    throw std::invalid_argument("needs --log-format json (or auto), not '" + logFormat + "'");
  }
  return "json:" + jsonFields;
}

}  // namespace logmill::engine
