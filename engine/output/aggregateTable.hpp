#pragma once
#include "engine/output/Table.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

/// The rows of a count/top with --agg or --bucket: the key columns (`bucket`
/// first, then --by), then one column per aggregate named as written
/// (`sum(bytes)`). count sorts rows by key (numeric fields numerically,
/// buckets in time order); top keeps the N rows with the largest first
/// aggregate, ties broken by key. A value with nothing to aggregate is a
/// Null cell (`-`, null in JSON). Throws std::runtime_error if `result`
/// holds another query's aggregates.
[[nodiscard]] Table aggregateTable(const workers::Query& query, const workers::Partial& result);

}  // namespace logmill::engine
