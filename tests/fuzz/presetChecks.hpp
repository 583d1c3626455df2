#pragma once
// Checks shared by the fuzz targets of the preset parsers (AWS, W3C,
// HAProxy): the same line read in full and with a FieldMask.

#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/parse/LineFormat.hpp"

namespace logmill::fuzz {

inline bool within(std::string_view field, std::string_view line) {
  return field.empty() || field == "/" ||
         (field.data() >= line.data() && field.data() + field.size() <= line.data() + line.size());
}

/// Reads `line` with both formats (one asked for every field, one for
/// `mask`) and checks they agree and the record is sane. `ownsText`: the
/// format may point time, path and request into its own buffers.
inline void readBoth(workers::LineFormat& full, workers::LineFormat& masked, std::string_view line,
                     workers::FieldMask mask, bool ownsText) {
  workers::LogRecord a;
  workers::LogRecord b;
  const workers::LineKind kind = full.read(line, a, workers::FieldMask::all());
  LOGMILL_FUZZ_CHECK(masked.read(line, b, mask) == kind);
  if (kind != workers::LineKind::Record) return;
  LOGMILL_FUZZ_CHECK(a.status >= -1 && a.status <= 999);
  LOGMILL_FUZZ_CHECK(a.bytes >= -1 && a.durationMicros >= -1);
  LOGMILL_FUZZ_CHECK(a.extraCount == full.extraFieldNames().size());
  for (std::string_view f :
       {a.vhost, a.host, a.ident, a.user, a.method, a.protocol, a.referrer, a.agent}) {
    LOGMILL_FUZZ_CHECK(within(f, line));
  }
  if (!ownsText) {
    for (std::string_view f : {a.timeText, a.request, a.path}) LOGMILL_FUZZ_CHECK(within(f, line));
  }
  for (std::size_t i = 0; i < a.extraCount; ++i) LOGMILL_FUZZ_CHECK(within(a.extras[i], line));
  // Presets check a time's shape; its calendar is read on demand.
  (void)a.time();
}

}  // namespace logmill::fuzz
