#pragma once
// How a query's --agg columns map onto aggregate table slots, and how a
// row's states turn back into the values a user sees. The map step and the
// renderer both build the plan from the same Query, so they always agree.

#include <cstdint>
#include <string>
#include <vector>

#include "workers/query/AggregateTable.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {

/// One output value: a number, an avg with two decimals, a UTC instant, a
/// duration, a text, or nothing (no value to aggregate: min(bytes) of only
/// `-` sizes).
struct AggregateValue {
  enum class Type : std::uint8_t { Null, Integer, Hundredths, Instant, Text, Micros };
  Type type = Type::Null;
  Int128 number = 0;  ///< Integer; Hundredths: value * 100; Instant: epoch seconds; Micros
  std::string text;   ///< Text

  /// `-` for Null, `2345.68` for Hundredths, `2015-05-17T10:05:00Z` for
  /// Instant, seconds (`0.25`) for Micros.
  [[nodiscard]] std::string toString() const;
  /// True for the types JSON shows as bare numbers (Integer, Hundredths, Micros).
  [[nodiscard]] bool isNumber() const {
    return type == Type::Integer || type == Type::Hundredths || type == Type::Micros;
  }
  /// Orders values of one column: Null first, numbers numerically, texts bytewise.
  friend int compare(const AggregateValue& a, const AggregateValue& b);
};

struct AggregateColumn {
  AggregateSpec spec;
  std::size_t slot = 0;  ///< index into slots(); unused for count
};

class AggregatePlan {
 public:
  /// Throws AggregateError for an aggregate the field cannot take, or for
  /// more aggregate slots than a table holds.
  explicit AggregatePlan(const Query& query);

  [[nodiscard]] const std::vector<Slot>& slots() const { return m_slots; }
  [[nodiscard]] const std::vector<AggregateColumn>& columns() const { return m_columns; }
  /// The key columns: `bucket` (with --bucket), then the --by fields.
  [[nodiscard]] const std::vector<std::string>& keyNames() const { return m_keyNames; }

  /// The value of `column` (an index into columns()) for `row`.
  [[nodiscard]] AggregateValue value(const AggregateRow& row, std::size_t column) const;

 private:
  std::vector<Slot> m_slots;
  std::vector<AggregateColumn> m_columns;
  std::vector<std::string> m_keyNames;
};

}  // namespace logmill::workers
