#pragma once
// What `--agg` and `--bucket` ask for: aggregate columns of count/top beyond
// the plain request count, and time buckets as a leading key column.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/Field.hpp"
#include "workers/parse/FieldScope.hpp"
#include "workers/query/AggregateError.hpp"

namespace logmill::workers {

enum class AggregateKind : std::uint8_t { Count, Sum, Avg, Min, Max, Distinct, Percentile };
inline constexpr int kAggregateKindCount = static_cast<int>(AggregateKind::Percentile) + 1;

/// One output column of `--agg`: `count`, `sum(bytes)`, `p95(time)`...
struct AggregateSpec {
  AggregateKind kind = AggregateKind::Count;
  Field field = Field::Host;    ///< ignored for count
  std::uint8_t percentile = 0;  ///< 1..99 for Percentile, else 0

  friend bool operator==(const AggregateSpec&, const AggregateSpec&) = default;
};

/// The column name, as a user writes it: `count`, `sum(bytes)`, `p95(time)`.
[[nodiscard]] std::string aggregateName(const AggregateSpec& spec);

/// True for fields aggregated as numbers (status, bytes, hour, a format's
/// named fields) or as the UTC instant (time) by sum/avg/min/max/pNN; every
/// other field is text.
[[nodiscard]] bool isOrderedNumber(Field field);

/// Throws AggregateError naming the aggregate if `spec` cannot be
/// computed (sum of a text field, a percentile outside 1..99...).
void validateAggregate(const AggregateSpec& spec);

/// Parses `count,sum(bytes),p95(bytes),distinct(host)`; field names beyond
/// the common ones are those `scope` knows (a format's own, which aggregate
/// as numbers). Throws AggregateError with a message naming the bad item.
[[nodiscard]] std::vector<AggregateSpec> parseAggregates(std::string_view list,
                                                         const FieldScope* scope = nullptr);

/// The longest bucket --bucket accepts (a 366-day year), in seconds.
inline constexpr std::uint32_t kMaxBucketSeconds = 366u * 86400u;

/// Parses a bucket width `30s`, `5m`, `1h`, `1d` into seconds; throws
/// std::invalid_argument on anything else (zero, no unit, over a year).
[[nodiscard]] std::uint32_t parseBucket(std::string_view text);

/// Appends `epochSeconds` as UTC ISO 8601, `2015-05-17T10:05:00Z`.
void appendUtcIso(std::int64_t epochSeconds, std::string& out);

}  // namespace logmill::workers
