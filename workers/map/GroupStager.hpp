#pragma once
// The plain grouped count's map step (count/top --by, robots' hosts), one
// group key a line, with each key's Partial::add kAhead lines after the key
// is staged: its index slot, entry and key bytes are prefetched on the way,
// so the adds of several lines overlap their cache misses (a lookup is three
// dependent misses). Groups end as adding each key at once leaves them, in
// the same order. A partial with few groups is cache-resident: there each
// key is added at once, as staging only costs (count --by status: +9% CPU).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "workers/base/FlatStringMap.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::workers {

class GroupStager {
 public:
  /// Groups from which keys are staged (an index of 8 K slots, entries and
  /// keys well inside a 1 MiB L2 below it).
  static constexpr std::size_t kStageFrom = 4096;
  static constexpr std::size_t kAhead = 8;

  explicit GroupStager(std::size_t stageFrom = kStageFrom) : m_stageFrom(stageFrom) {}

  /// Counts one hit of `key` in `into`, perhaps only at a later stage() or
  /// flush(); `into` must stay the same partial until flush().
  void stage(std::string_view key, Partial& into) {
    if (m_pending == 0 && into.groups().size() < m_stageFrom) {
      into.add(key);
      return;
    }
    if (m_pending == kAhead) addOldest(into);
    Staged& s = m_ring[m_next];
    s.key.assign(key);
    s.hash = flatStringHash(s.key);
    into.prefetchGroupSlot(s.hash);
    // Each earlier stage's load has had a few lines' parsing to arrive.
    if (m_pending >= kEntryLag) into.prefetchGroupEntry(m_ring[back(kEntryLag)].hash);
    if (m_pending >= kKeyLag) into.prefetchGroupKey(m_ring[back(kKeyLag)].hash);
    m_next = (m_next + 1) % kAhead;
    ++m_pending;
  }

  /// Adds every staged key.
  void flush(Partial& into) {
    while (m_pending > 0) addOldest(into);
  }

  /// Keys staged and not yet added.
  [[nodiscard]] std::size_t pending() const { return m_pending; }

 private:
  static constexpr std::size_t kEntryLag = 3;
  static constexpr std::size_t kKeyLag = 6;
  struct Staged {
    std::string key;  // keeps its capacity: no allocation per line
    std::uint64_t hash = 0;
  };

  [[nodiscard]] std::size_t back(std::size_t lag) const { return (m_next + kAhead - lag) % kAhead; }

  void addOldest(Partial& into) {
    const Staged& s = m_ring[back(m_pending)];
    into.add(s.key, s.hash, 1);
    --m_pending;
  }

  std::size_t m_stageFrom;
  std::array<Staged, kAhead> m_ring;
  std::size_t m_next = 0;  // ring position of the next staged key
  std::size_t m_pending = 0;
};

}  // namespace logmill::workers
