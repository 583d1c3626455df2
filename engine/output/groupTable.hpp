#pragma once
#include "engine/output/Table.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

/// The rows of robots, or of count/top without --agg/--bucket: robots one
/// host per row sorted bytewise (a list); count the groups sorted by key
/// (numeric fields numerically) with their count; top the N largest groups,
/// ties by key. A count without --by over nothing is one row: 0.
[[nodiscard]] Table groupTable(const workers::Query& query, const workers::Partial& result);

/// The same table with its rows made as they are written (Table::generate),
/// so millions of groups are never held as cells; `result` must outlive it.
[[nodiscard]] Table groupTableOnDemand(const workers::Query& query, const workers::Partial& result);

}  // namespace logmill::engine
