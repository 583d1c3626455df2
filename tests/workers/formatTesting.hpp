#pragma once
// Test helpers for LineFormat implementations.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "workers/parse/LineFormat.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers::testing {

/// The record's extra field called `name` by `format`; "<none>" if the
/// format has no such field (so a test can tell absent from empty).
inline std::string extraOf(const LineFormat& format, const LogRecord& record,
                           std::string_view name) {
  const auto names = format.extraFieldNames();
  for (std::size_t i = 0; i < names.size() && i < record.extraCount; ++i) {
    if (names[i] == name) return std::string(record.extras[i]);
  }
  return "<none>";
}

/// Reads `line` afresh into `out`.
inline LineKind readLine(LineFormat& format, std::string_view line, LogRecord& out) {
  out = LogRecord{};
  return format.read(line, out, FieldMask::all());
}

}  // namespace logmill::workers::testing
