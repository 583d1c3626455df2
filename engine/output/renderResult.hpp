#pragma once
#include "engine/output/OutputSink.hpp"
#include "engine/output/renderReport.hpp"
#include "engine/output/renderTable.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

struct RenderOptions {
  OutputFormat format = OutputFormat::Tsv;
  bool header = false;              ///< TSV header line (table and CSV always have one)
  ReportRenderOptions report = {};  ///< `report`: --format text|json|html, -o FILE
  bool terminal = false;  ///< stdout is a terminal: control bytes made visible in every format
  bool csvRaw = false;    ///< --csv-raw: CSV cells exactly as logged (no formula guard)
  unsigned threads = 1;   ///< threads that may render a big table (TableStyle::threads)
};

/// Prints a reduced result: `report` its pages; robots, count and top (with
/// or without --agg) as one table (groupTable.hpp, aggregateTable.hpp) in
/// the chosen format (renderTable.hpp).
void renderResult(const workers::Query& query, const workers::Partial& result,
                  const RenderOptions& options, OutputSink& out);

}  // namespace logmill::engine
