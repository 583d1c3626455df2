#pragma once
#include "engine/output/OutputSink.hpp"
#include "engine/output/renderReport.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

enum class OutputFormat { Table, Tsv, Csv, Json };

struct RenderOptions {
  OutputFormat format = OutputFormat::Tsv;
  bool header = false;  ///< TSV header line (table and CSV always have one)
  ReportRenderOptions report = {};  ///< `report`: --format text|json|html, -o FILE
};

/// Prints a reduced result for robots/count/top in the chosen format:
/// robots one host per line sorted bytewise; count rows sorted by key
/// (numeric fields numerically); top the N largest groups, ties by key.
void renderResult(const workers::Query& query, const workers::Partial& result,
                  const RenderOptions& options, OutputSink& out);

}  // namespace logmill::engine
