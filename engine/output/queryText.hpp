#pragma once
// A query as a user types it: the command-line words that ask for it
// (`logmill bench` runs them) and one line for messages (`merge` names the
// query a partial file answers). The one place that spells a Query as text.

#include <cstdint>
#include <string>
#include <vector>

#include "workers/query/Query.hpp"

namespace logmill::engine {

/// "host,status" for --by.
[[nodiscard]] std::string fieldListText(const std::vector<workers::Field>& fields);
/// "count,p90(bytes)" for --agg.
[[nodiscard]] std::string aggregateListText(const std::vector<workers::AggregateSpec>& aggregates);
/// A --bucket width as a user writes it: 1d, 6h, 5m, 30s; "" for none.
[[nodiscard]] std::string bucketText(std::uint32_t seconds);

/// The command and options that ask for `query`, one word each, unquoted:
/// {"top", "--by", "path", "-n", "10"}. Options at their defaults are left out.
[[nodiscard]] std::vector<std::string> queryArgs(const workers::Query& query);
/// queryArgs as one line, free-text values in single quotes:
/// "count --by host,status --where 'status >= 500'". Control bytes are the
/// caller's to escape (this text is also compared in tests).
[[nodiscard]] std::string describeQuery(const workers::Query& query);

}  // namespace logmill::engine
