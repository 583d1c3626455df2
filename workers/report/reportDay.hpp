#pragma once
// The day a record belongs to in a report, as ReportAggregate keys its days
// panel: the server's local date of the request time, YYYY-MM-DD. Lets a
// caller keep one report per day (the store) that merges back into the
// report of the whole input.

#include <cstdint>
#include <string>

#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

/// Days since 1970-01-01 of `ts` in the server's local time.
[[nodiscard]] std::int64_t reportDayNumber(const Timestamp& ts);

/// Writes day `days` as ReportAggregate::days() keys it (YYYY-MM-DD) to `out`.
void formatReportDay(std::int64_t days, std::string& out);

}  // namespace logmill::workers
