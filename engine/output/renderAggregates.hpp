#pragma once
#include "engine/output/OutputSink.hpp"
#include "engine/output/renderResult.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

/// Prints the aggregate table of a count/top with --agg or --bucket: the key
/// columns (`bucket` first, then --by), then one column per aggregate named
/// as written (`sum(bytes)`). count sorts rows by key (numeric fields
/// numerically, buckets in time order); top keeps the N rows with the
/// largest first aggregate, ties broken by key. A value with nothing to
/// aggregate prints `-` (null in JSON).
void renderAggregates(const workers::Query& query, const workers::Partial& result,
                      const RenderOptions& options, OutputSink& out);

}  // namespace logmill::engine
