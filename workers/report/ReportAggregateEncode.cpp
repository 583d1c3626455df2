// ReportAggregate::encode, in a file of its own: the encoder's inlined
// writes would otherwise use up the compiler's inlining budget for
// ReportAggregate.cpp, and the per-line add() (its hottest code) would lose
// the inlining of its lookups.

#include <cstdint>
#include <vector>

#include "workers/base/sortHashes.hpp"
#include "workers/report/ReportAggregate.hpp"
#include "workers/report/sortedEntries.hpp"
#include "workers/report/timeCodec.hpp"

namespace logmill::workers {

void ReportAggregate::encode(ByteWriter& w) const {
  // Sorted, so equal aggregates encode to equal bytes.
  for (const Rows& rows : m_panels) {
    w.varint(rows.size());
    for (const auto* entry : sortedEntries(rows)) {
      w.bytes(entry->first);
      w.varint(entry->second.hits);
      w.varint(entry->second.bytes);
      entry->second.visitors.encode(w);
    }
  }
  w.varint(m_days.size());
  for (const auto* entry : sortedEntries(m_days)) {
    const ReportDay& d = entry->second;
    w.bytes(entry->first);
    w.varint(d.hits);
    w.varint(d.bytes);
    std::vector<std::uint64_t> visitors;
    visitors.reserve(d.visitors.size());
    d.visitors.forEach([&](std::uint64_t v) { visitors.push_back(v); });
    sortHashes(visitors);
    w.varint(visitors.size());
    for (const std::uint64_t v : visitors) w.varint(v);
  }
  w.varint(m_bandwidth);
  encodeTime(w, m_first);
  encodeTime(w, m_last);
  m_bots.encode(w);
  m_durations.encode(w);
}

}  // namespace logmill::workers
