#pragma once
// Group keys: the values of a query's --by fields packed into one string so a
// flat hash map can hold them. One field: the value itself. Several: each
// value prefixed by its length (4 bytes, little-endian), so any byte, NUL or
// tab included, is safe, and a key is built with no temporary string.

#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/Field.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

/// Builds the key of `record` for `fields` into `out` (cleared first).
void buildGroupKey(const LogRecord& record, const std::vector<Field>& fields, std::string& out);

/// The field values packed in `key` (built for `fieldCount` fields).
[[nodiscard]] std::vector<std::string_view> splitGroupKey(std::string_view key,
                                                          std::size_t fieldCount);

}  // namespace logmill::workers
