#pragma once
// The report's panels beyond GoAccess's: "Humans and bots", "Declared
// bots", "Suspected bot hosts" and "Response times" (ReportSummary.cpp
// appends them after the GoAccess panels).

#include <cstdint>
#include <vector>

#include "workers/map/ReportSummary.hpp"
#include "workers/report/ReportAggregate.hpp"

namespace logmill::workers {

/// Appends the bots panels: the three classes (always), the top N declared
/// bots by name, and the top N hosts that break a suspicion rule, each with
/// its Hosts-panel figures and the rules it breaks.
void appendBotPanels(const ReportAggregate& report, std::uint64_t topN,
                     std::vector<ReportSummaryPanel>& panels);
/// Appends the response-time panel (top N paths by timed hits) when any
/// line had a duration.
void appendResponseTimes(const ReportAggregate& report, std::uint64_t topN,
                         std::vector<ReportSummaryPanel>& panels);

}  // namespace logmill::workers
