#pragma once
// Pieces shared by the report renderers (renderReport*.cpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/output/OutputSink.hpp"
#include "workers/map/ReportSummary.hpp"

namespace logmill::engine::report {

void renderText(const workers::ReportSummary& summary, OutputSink& out);
void renderJson(const workers::ReportSummary& summary, OutputSink& out);
void renderHtml(const workers::ReportSummary& summary, OutputSink& out);

/// 1.9 GiB, 512.0 KiB, 37 B.
[[nodiscard]] std::string humanBytes(std::uint64_t bytes);
/// part/whole as a percentage with two decimals ("12.34"); "0.00" if whole is 0.
[[nodiscard]] std::string percent(std::uint64_t part, std::uint64_t whole);
/// One line of the general statistics: the label every renderer shows
/// and its figure (`bytes`: a size, shown as 1.9 GiB).
struct GeneralStatistic {
  std::string_view label;
  std::uint64_t value;
  bool bytes;
};
/// The report's general statistics in display order, labelled in one place
/// for the text and HTML pages (the time span is not a count: each page
/// shows it its own way).
[[nodiscard]] std::vector<GeneralStatistic> generalStatistics(const workers::ReportGeneral& g);

/// "200 - OK" for a status row's data ("200"); the data itself if unknown.
[[nodiscard]] std::string statusLabel(std::string_view code);

}  // namespace logmill::engine::report
