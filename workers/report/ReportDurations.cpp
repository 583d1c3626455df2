#include "workers/report/ReportDurations.hpp"

#include <algorithm>
#include <vector>

namespace logmill::workers {

void PathDurations::merge(const PathDurations& other) {
  maxMicros = std::max(maxMicros, other.maxMicros);
  micros.merge(other.micros);
}

void ReportDurations::addTimed(const LogRecord& record) {
  PathDurations& p = m_paths[record.path];
  p.maxMicros = std::max(p.maxMicros, record.durationMicros);
  p.micros.add(record.durationMicros);
}

void ReportDurations::merge(const ReportDurations& other) {
  for (const auto& [path, d] : other.m_paths) m_paths[path].merge(d);
}

void ReportDurations::encode(ByteWriter& w) const {
  // Sorted, so equal values encode to equal bytes.
  std::vector<const Paths::value_type*> entries;
  entries.reserve(m_paths.size());
  for (const auto& entry : m_paths) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  w.varint(entries.size());
  for (const auto* entry : entries) {
    w.bytes(entry->first);
    w.varint(static_cast<std::uint64_t>(entry->second.maxMicros));
    entry->second.micros.encode(w);
  }
}

ReportDurations ReportDurations::decode(ByteReader& r) {
  ReportDurations d;
  const std::uint64_t n = r.count(3);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string_view path = r.bytes();
    r.charge(kMapEntryBytes + sizeof(Paths::value_type) + path.size());
    PathDurations p;
    const std::uint64_t max = r.varint();
    if (max > static_cast<std::uint64_t>(INT64_MAX)) r.fail("duration out of range");
    p.maxMicros = static_cast<std::int64_t>(max);
    p.micros = QuantileSketch::decode(r);
    if (p.micros.count() == 0) r.fail("path without durations");
    if (!d.m_paths.emplace(path, std::move(p)).second) r.fail("duplicate duration path");
  }
  return d;
}

}  // namespace logmill::workers
