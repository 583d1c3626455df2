#pragma once
// The plain grouped count's map step (count/top --by, robots' hosts), one
// group key a line, with each key's Partial::add kAhead lines after the key
// is staged: its index slot, entry and key bytes are prefetched on the way,
// so the adds of several lines overlap their cache misses (a lookup is three
// dependent misses). Groups end as adding each key at once leaves them, in
// the same order. A partial with few groups is cache-resident: there each
// key is added at once, as staging only costs (count --by status: +9% CPU).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "workers/base/FlatStringMap.hpp"
#include "workers/base/LookupRing.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::workers {

class GroupStager {
  struct Staged {
    std::string key;  // keeps its capacity: no allocation per line
    std::uint64_t hash = 0;
  };
  static auto adder(Partial& into) {
    return [&into](const Staged& s) { into.add(s.key, s.hash, 1); };
  }

 public:
  /// Groups from which keys are staged (an index of 8 K slots, entries and
  /// keys well inside a 1 MiB L2 below it).
  static constexpr std::size_t kStageFrom = 4096;
  static constexpr std::size_t kAhead = LookupRing<int>::kAhead;

  explicit GroupStager(std::size_t stageFrom = kStageFrom) : m_stageFrom(stageFrom) {}

  /// Counts one hit of `key` in `into`, perhaps only at a later stage() or
  /// flush(); `into` must stay the same partial until flush().
  void stage(std::string_view key, Partial& into) {
    if (m_ring.pending() == 0 && into.groups().size() < m_stageFrom) {
      into.add(key);
      return;
    }
    Staged& s = m_ring.next(adder(into));
    s.key.assign(key);
    s.hash = flatStringHash(s.key);
    m_ring.push([&into](std::uint64_t hash, LookupStage stage) {
      switch (stage) {
        case LookupStage::kSlot:
          into.prefetchGroupSlot(hash);
          break;
        case LookupStage::kEntry:
          into.prefetchGroupEntry(hash);
          break;
        case LookupStage::kData:
          into.prefetchGroupKey(hash);
          break;
      }
    });
  }

  /// Adds every staged key.
  void flush(Partial& into) { m_ring.flush(adder(into)); }

  /// Keys staged and not yet added.
  [[nodiscard]] std::size_t pending() const { return m_ring.pending(); }

 private:
  std::size_t m_stageFrom;
  LookupRing<Staged> m_ring;
};

}  // namespace logmill::workers
