#pragma once
// The report's encoding of an optional request time (its first and last),
// shared by the aggregate's decoder and its merge-decoder.

#include <optional>

#include "workers/base/ByteCodec.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

/// Writes a presence flag, then the time as two signed numbers.
inline void encodeTime(ByteWriter& w, const std::optional<Timestamp>& t) {
  w.varint(t ? 1 : 0);
  if (!t) return;
  // Signed: times before 1970 and negative offsets.
  w.signedVarint(t->epochSeconds);
  w.signedVarint(t->offsetMinutes);
}

/// Reads what encodeTime wrote; throws DecodeError on a bad flag or offset.
inline std::optional<Timestamp> decodeTime(ByteReader& r) {
  const std::uint64_t present = r.varint();
  if (present > 1) r.fail("bad time flag");
  if (!present) return std::nullopt;
  Timestamp t;
  t.epochSeconds = r.signedVarint();
  const std::int64_t offset = r.signedVarint();
  if (offset < -24 * 60 || offset > 24 * 60) r.fail("time offset out of range");
  t.offsetMinutes = static_cast<std::int32_t>(offset);
  return t;
}

}  // namespace logmill::workers
