#pragma once
// `logmill report` output: one page (text), one document (JSON) or one
// self-contained file (HTML, no network) from a reduced report.

#include <cstdint>
#include <string>

#include "engine/output/OutputSink.hpp"
#include "workers/map/Partial.hpp"
#include "workers/map/ReportSummary.hpp"

namespace logmill::engine {

enum class ReportFormat { Text, Json, Html };

struct ReportRenderOptions {
  ReportFormat format = ReportFormat::Text;
  std::string outputPath;  ///< -o FILE; empty or "-": the caller's sink (stdout)
};

/// Writes `summary` in `format` to `out`. Everything taken from the logs is
/// escaped for the format (JSON strings; HTML text and attributes; control
/// bytes made visible in text).
void renderReport(const workers::ReportSummary& summary, ReportFormat format, OutputSink& out);

/// Summarizes a reduced partial (top `topN` rows per panel) and renders it,
/// to options.outputPath if set (all or nothing, see ipc::AtomicFile; an
/// error names it) else to `out`.
void renderReport(const workers::Partial& result, std::uint64_t topN,
                  const ReportRenderOptions& options, OutputSink& out);

}  // namespace logmill::engine
