#pragma once
// The map step of --agg / --bucket for one parsed line: build its group key
// (bucket first), then feed each slot of its row. Buffers are reused, so a
// line allocates only when it brings a new group or a new distinct value.

#include <string>
#include <vector>

#include "workers/query/AggregatePlan.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {

class AggregateMapper {
 public:
  /// Throws std::invalid_argument for an aggregate the field cannot take.
  explicit AggregateMapper(const Query& query);

  /// The record members the key and the aggregates read.
  [[nodiscard]] FieldMask fieldMask() const;

  /// Adds `record` to its group in `into` (given this plan's slots when empty).
  void map(const LogRecord& record, AggregateTable& into);

  [[nodiscard]] const AggregatePlan& plan() const { return m_plan; }

 private:
  void buildKey(const LogRecord& record, const std::optional<Timestamp>& time);
  void update(SlotState& state, const Slot& slot, const LogRecord& record,
              const std::optional<Timestamp>& time);

  AggregatePlan m_plan;
  std::vector<Field> m_by;
  std::uint32_t m_bucketSeconds;
  bool m_needsTime = false;
  std::string m_key, m_value;  // reused for every line
};

/// The key parts of a row: the bucket (if `bucket`), then `byFields` values.
/// Throws std::runtime_error on a key that was not built that way.
[[nodiscard]] std::vector<std::string_view> splitAggregateKey(std::string_view key, bool bucket,
                                                              std::size_t byFields);

/// The value of `field` aggregated as a number: status and bytes (nullopt for
/// an absent status or `-` bytes), hour (as logged), time (UTC epoch seconds).
[[nodiscard]] std::optional<std::int64_t> aggregateNumber(const LogRecord& record, Field field,
                                                          const std::optional<Timestamp>& time);

}  // namespace logmill::workers
