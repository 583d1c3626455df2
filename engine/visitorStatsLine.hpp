#pragma once
// The --stats line about the report's per-row visitor counts: exact, or how
// many rows the visitor memory made estimates of.

#include <string>

#include "workers/report/ReportAggregate.hpp"

namespace logmill::engine {

/// "visitors   ...\n" for `report`'s --stats.
[[nodiscard]] std::string visitorStatsLine(const workers::ReportAggregate& report);

}  // namespace logmill::engine
