#pragma once
// Field names on the command line (--by, --agg): the common ones and those
// the --log-format names itself.

#include <string>

#include "workers/parse/FieldScope.hpp"

namespace logmill::engine {

/// The field scope of a --log-format spec, made once per spec. Throws
/// std::invalid_argument for a bad spec (as the Mapper would).
[[nodiscard]] const workers::FieldScope& scopeOf(const std::string& logFormat);

/// The usage message for an unknown --by name: the format's own field names
/// follow when it has any.
[[nodiscard]] std::string unknownByField(const std::string& name, const std::string& logFormat);

/// The --log-format spec with --json-fields: `json:FIELDS` for auto or
/// json. Throws std::invalid_argument for any other format.
[[nodiscard]] std::string withJsonFields(const std::string& logFormat,
                                         const std::string& jsonFields);

}  // namespace logmill::engine
