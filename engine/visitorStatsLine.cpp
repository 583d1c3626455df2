#include "engine/visitorStatsLine.hpp"

#include <fmt/format.h>

#include "workers/report/visitorMemory.hpp"

namespace logmill::engine {

std::string visitorStatsLine(const workers::ReportAggregate& report) {
  const double mib = 1024.0 * 1024.0;
  const std::uint64_t entries = report.exactVisitorEntries();
  const std::string budget =
      fmt::format("{:.1f} MiB of LOGMILL_VISITOR_MEMORY={:.1f} MiB",
                  static_cast<double>(entries * workers::kVisitorEntryBytes) / mib,
                  static_cast<double>(workers::reportVisitorMemory()) / mib);
  if (const std::uint64_t estimated = report.estimatedVisitorRows(); estimated > 0) {
    return fmt::format("visitors   {} row{} estimated (~) past the budget; {} entries exact ({})\n",
                       estimated, estimated == 1 ? "" : "s", entries, budget);
  }
  return fmt::format("visitors   exact in every row ({} entries, {})\n", entries, budget);
}

}  // namespace logmill::engine
