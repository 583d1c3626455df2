#pragma once
// The mergeable state behind --agg and --bucket: one row per group key, each
// with a request count and one state per slot. A slot is what the map step
// keeps for one field (sum, avg, min and max of bytes share one slot; p50
// and p99 of bytes share one sketch). Every state merges associatively and
// commutatively and exactly, so the reduce order never shows in the output.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/FlatStringMap.hpp"
#include "workers/base/Int128.hpp"
#include "workers/parse/Field.hpp"
#include "workers/query/HyperLogLog.hpp"
#include "workers/query/QuantileSketch.hpp"

namespace logmill::workers {

struct TransparentStringHash {
  using is_transparent = void;
  // Not noexcept on purpose: libstdc++ then stores each key's hash in its
  // node, so a lookup walks a bucket comparing stored hashes instead of
  // rehashing every key it passes (top --by path --agg spent 40% there).
  [[nodiscard]] std::size_t operator()(std::string_view s) const {  // NOLINT: see above
    return std::hash<std::string_view>{}(s);
  }
};

enum class SlotKind : std::uint8_t {
  Numbers,         ///< count, sum, min, max of a number or instant
  Texts,           ///< bytewise min and max of a text field
  DistinctSet,     ///< exact distinct values
  DistinctSketch,  ///< HyperLogLog of the values (--approx)
  Quantiles,       ///< QuantileSketch of a number or instant
};
inline constexpr int kSlotKindCount = static_cast<int>(SlotKind::Quantiles) + 1;

struct Slot {
  SlotKind kind = SlotKind::Numbers;
  Field field = Field::Bytes;
  friend bool operator==(const Slot&, const Slot&) = default;
};

/// Integer statistics of the values seen; the sum is 128-bit so no input
/// can overflow it, and integer sums keep merge exact (floats would not).
struct NumberStats {
  std::uint64_t n = 0;
  Int128 sum = 0;
  std::int64_t min = 0, max = 0;  ///< meaningful when n > 0

  void add(std::int64_t value) {
    min = n == 0 || value < min ? value : min;
    max = n == 0 || value > max ? value : max;
    ++n;
    sum += value;
  }
  void merge(const NumberStats& other);
  friend bool operator==(const NumberStats&, const NumberStats&) = default;
};

struct TextRange {
  bool any = false;
  std::string min, max;

  void add(std::string_view value) {
    if (!any || value < min) min.assign(value);
    if (!any || value > max) max.assign(value);
    any = true;
  }
  void merge(const TextRange& other);
  friend bool operator==(const TextRange&, const TextRange&) = default;
};

using DistinctSet = std::unordered_set<std::string, TransparentStringHash, std::equal_to<>>;
using SlotState = std::variant<NumberStats, TextRange, DistinctSet, HyperLogLog, QuantileSketch>;

struct AggregateRow {
  std::uint64_t count = 0;        ///< matched requests in the group
  std::vector<SlotState> states;  ///< one per slot, in slot order
  friend bool operator==(const AggregateRow&, const AggregateRow&) = default;
};

class AggregateTable {
 public:
  // Flat (entries in one array, an index of hashes beside them): a row
  // lookup per line costs about one cache miss, not a bucket, node and key
  // chase as in std::unordered_map (top --by path --agg spent 40% there).
  using Rows = FlatStringMap<AggregateRow>;
  static constexpr std::size_t kMaxSlots = 64;

  AggregateTable() = default;
  explicit AggregateTable(std::vector<Slot> slots);

  [[nodiscard]] const std::vector<Slot>& slots() const { return m_slots; }
  [[nodiscard]] const Rows& rows() const { return m_rows; }
  [[nodiscard]] bool empty() const { return m_rows.empty(); }

  /// The row of `key` (an encoded group key), created empty if new.
  /// The reference lasts until the next row is added.
  [[nodiscard]] AggregateRow& row(std::string_view key) { return row(key, flatStringHash(key)); }
  /// The same, given `hash` = flatStringHash(key).
  [[nodiscard]] AggregateRow& row(std::string_view key, std::uint64_t hash) {
    const std::size_t before = m_rows.size();
    AggregateRow& row = m_rows.valueAt(m_rows.indexOf(key, hash));
    if (m_rows.size() != before) initRow(row);
    return row;
  }

  /// Three hints, given in this order a few lines apart, that row(key, hash)
  /// comes soon: they load its index slot, then its entry, then its key's
  /// bytes and its states, so the lookups of several lines overlap their
  /// cache misses (each stage reads what the one before loaded).
  void prefetchSlot(std::uint64_t hash) const { m_rows.prefetch(hash); }
  void prefetchEntry(std::uint64_t hash) const { m_rows.prefetchEntry(hash); }
  void prefetchRowData(std::uint64_t hash) const {
    if (const auto* entry = m_rows.likelyEntry(hash)) {
      __builtin_prefetch(entry->first.data());
      __builtin_prefetch(entry->second.states.data());
    }
  }

  /// Merges `other` in. An empty table takes the other's slots; two tables
  /// with rows must have the same slots (std::invalid_argument otherwise).
  void merge(const AggregateTable& other);
  void merge(AggregateTable&& other);

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on truncated or inconsistent bytes; a declared count
  /// is checked against the bytes left before anything is allocated.
  [[nodiscard]] static AggregateTable decode(ByteReader& r);

  friend bool operator==(const AggregateTable&, const AggregateTable&) = default;

 private:
  void initRow(AggregateRow& row) const;
  bool adoptSlots(const AggregateTable& other);

  std::vector<Slot> m_slots;
  Rows m_rows;
};

/// Merges one slot state into another of the same alternative.
void mergeSlotState(SlotState& into, const SlotState& from);

}  // namespace logmill::workers
