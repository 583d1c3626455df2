#pragma once
// The report's response times: per path (as written, query string
// included), the hits that carry a duration and their exact-merge quantile
// sketch (workers/query/QuantileSketch), so p50/p95/p99 and the maximum
// are the same for any split of the input. Empty when no line has one.

#include <cstdint>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/FlatStringMap.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/query/QuantileSketch.hpp"

namespace logmill::workers {

struct PathDurations {
  std::int64_t maxMicros = -1;
  QuantileSketch micros;  ///< count() is the hits with a duration
  void merge(const PathDurations& other);
  friend bool operator==(const PathDurations&, const PathDurations&) = default;
};

class ReportDurations {
 public:
  using Paths = FlatStringMap<PathDurations>;

  /// Adds the record's duration, if it has one (durationMicros >= 0).
  void add(const LogRecord& record) {
    if (record.durationMicros >= 0) addTimed(record);
  }
  void merge(const ReportDurations& other);

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on truncated or inconsistent input.
  [[nodiscard]] static ReportDurations decode(ByteReader& r);

  [[nodiscard]] const Paths& paths() const { return m_paths; }
  friend bool operator==(const ReportDurations&, const ReportDurations&) = default;

 private:
  void addTimed(const LogRecord& record);
  Paths m_paths;
};

}  // namespace logmill::workers
