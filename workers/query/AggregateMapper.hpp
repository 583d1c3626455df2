#pragma once
// The map step of --agg / --bucket for one parsed line: build its group key
// (bucket first), then feed each slot of its row. Buffers are reused, so a
// line allocates only when it brings a new group or a new distinct value.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "workers/base/LookupRing.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/query/AggregatePlan.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {

class AggregateMapper {
 public:
  /// Rows from which stage() stages (see there).
  static constexpr std::size_t kStageFromRows = 4096;

  /// Throws std::invalid_argument for an aggregate the field cannot take.
  explicit AggregateMapper(const Query& query, std::size_t stageFromRows = kStageFromRows);

  /// The record members the key and the aggregates read.
  [[nodiscard]] FieldMask fieldMask() const;

  /// Adds `record` to its group in `into` (given this plan's slots when empty).
  void map(const LogRecord& record, AggregateTable& into);

  /// Like map(), but when every slot is a number (count, sum, avg, min, max)
  /// the row update waits in a LookupRing until kAhead - 1 later lines are
  /// staged, so the
  /// row lookups of several lines overlap their cache misses (a lookup is
  /// three dependent misses: index slot, entry, key bytes). flush() applies
  /// every waiting line; `into` must stay the same table until then. Rows
  /// end as map() leaves them, added in the same order. A table of fewer
  /// than `stageFromRows` rows is cache-resident: there lines are mapped at
  /// once, as staging only costs.
  void stage(const LogRecord& record, AggregateTable& into);
  void flush(AggregateTable& into);
  /// Lines staged and not yet applied.
  [[nodiscard]] std::size_t pending() const { return m_ring.pending(); }

  [[nodiscard]] const AggregatePlan& plan() const { return m_plan; }

 private:
  void buildKey(const LogRecord& record, const std::optional<Timestamp>& time);
  void update(SlotState& state, const Slot& slot, const LogRecord& record,
              const std::optional<Timestamp>& time);

  static constexpr std::size_t kStagedSlots = 4;
  struct StagedLine {
    std::string key;  // keeps its capacity: no allocation per line
    std::uint64_t hash = 0;
    std::array<std::optional<std::int64_t>, kStagedSlots> numbers;
  };
  [[nodiscard]] auto applier(AggregateTable& into) const;
  void initTable(AggregateTable& into) const;

  AggregatePlan m_plan;
  std::vector<Field> m_by;
  std::uint32_t m_bucketSeconds;
  bool m_needsTime = false;
  std::string m_key, m_value;  // reused for every line
  bool m_stages = false;       // every slot is Numbers, at most kStagedSlots
  std::size_t m_stageFromRows;
  LookupRing<StagedLine> m_ring;
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
