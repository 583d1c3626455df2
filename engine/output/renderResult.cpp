#include "engine/output/renderResult.hpp"

#include "engine/output/aggregateTable.hpp"
#include "engine/output/groupTable.hpp"

namespace logmill::engine {

void renderResult(const workers::Query& query, const workers::Partial& result,
                  const RenderOptions& options, OutputSink& out) {
  if (query.command == workers::Command::Report) {
    renderReport(result, query.topN, options.report, out);
    return;
  }
  const bool aggregates =
      query.command != workers::Command::Robots && workers::usesAggregates(query);
  const Table table =
      aggregates ? aggregateTable(query, result) : groupTableOnDemand(query, result);
  renderTable(table,
              {options.format, options.header, options.terminal, options.csvRaw, options.threads},
              out);
}

}  // namespace logmill::engine
