#pragma once
// Hash-table lookups staged a few lines before they are applied, so that
// the lookups of several lines overlap their cache misses: a lookup in an
// open-addressing table that has outgrown the cache is three dependent
// misses (index slot, entry, key bytes or row data). Each staged item's
// slot is prefetched when it is staged, its entry kEntryLag stagings later,
// its data kDataLag stagings later, and it is applied kAhead stagings later
// (by then each load has had a few lines' parsing to arrive). Items are
// applied in the order they were staged.

#include <array>
#include <cstddef>
#include <cstdint>

namespace logmill::workers {

/// What LookupRing::push asks its prefetch callback to load for a hash.
enum class LookupStage { kSlot, kEntry, kData };

/// `Item` has a `std::uint64_t hash` member and whatever applying it takes;
/// its members keep their capacity from one use of the ring slot to the
/// next (a staged std::string key allocates only when it outgrows it).
template <class Item>
class LookupRing {
 public:
  static constexpr std::size_t kAhead = 8;
  static constexpr std::size_t kEntryLag = 3;
  static constexpr std::size_t kDataLag = 6;

  /// The item to fill for the next staging: first applies the oldest item
  /// (`apply(const Item&)`) if kAhead are waiting. Call push() after it.
  template <class Apply>
  Item& next(Apply&& apply) {
    if (m_pending == kAhead) applyOldest(apply);
    return m_ring[m_next];
  }

  /// Stages the item next() returned: `prefetch(hash, LookupStage)` loads
  /// its slot, and the entry and data of the items kEntryLag and kDataLag
  /// behind it.
  template <class Prefetch>
  void push(Prefetch&& prefetch) {
    prefetch(m_ring[m_next].hash, LookupStage::kSlot);
    if (m_pending >= kEntryLag) prefetch(m_ring[back(kEntryLag)].hash, LookupStage::kEntry);
    if (m_pending >= kDataLag) prefetch(m_ring[back(kDataLag)].hash, LookupStage::kData);
    m_next = (m_next + 1) % kAhead;
    ++m_pending;
  }

  /// Applies every waiting item, oldest first.
  template <class Apply>
  void flush(Apply&& apply) {
    while (m_pending > 0) applyOldest(apply);
  }

  /// Items staged and not yet applied.
  [[nodiscard]] std::size_t pending() const { return m_pending; }

 private:
  [[nodiscard]] std::size_t back(std::size_t lag) const { return (m_next + kAhead - lag) % kAhead; }

  template <class Apply>
  void applyOldest(Apply& apply) {
    apply(static_cast<const Item&>(m_ring[back(m_pending)]));
    --m_pending;
  }

  std::array<Item, kAhead> m_ring{};
  std::size_t m_next = 0;  // ring position of the next staged item
  std::size_t m_pending = 0;
};

}  // namespace logmill::workers
