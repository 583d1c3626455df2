#include "workers/map/Partial.hpp"

#include <algorithm>
#include <iterator>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/addCount.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kMagic = "LMP";
// 2: report section, 3: aggregate table, 4: skipped lines, 5: large exact
// visitor sets (a version 4 partial reads as one of version 5), 6: the
// report's bots and durations (absent, so empty, in versions 4 and 5: stores
// and partial files written before still read)
constexpr std::uint64_t kVersion = 6;
constexpr std::uint64_t kOldestVersion = 4;
constexpr std::uint64_t kFirstWithBots = 6;
}  // namespace

void RunStats::merge(const RunStats& o) {
  addCount(files, o.files);
  addCount(failedFiles, o.failedFiles);
  addCount(bytesIn, o.bytesIn);
  addCount(bytesOut, o.bytesOut);
  addCount(lines, o.lines);
  addCount(parsed, o.parsed);
  addCount(malformed, o.malformed);
  addCount(skipped, o.skipped);
  addCount(matched, o.matched);
}

void Partial::add(std::string_view key, std::uint64_t n) {
  addCount(m_groups[key], n);  // throws CountOverflow instead of wrapping
}

void Partial::merge(const Partial& other) {
  for (const auto& [key, n] : other.m_groups) add(key, n);
  m_stats.merge(other.m_stats);
  m_errors.insert(m_errors.end(), other.m_errors.begin(), other.m_errors.end());
  if (other.m_report) report().merge(*other.m_report);
  m_aggregates.merge(other.m_aggregates);
}

void Partial::merge(Partial&& other) {
  // Merge the smaller map into the larger one.
  if (other.m_groups.size() > m_groups.size()) std::swap(m_groups, other.m_groups);
  for (const auto& [key, n] : other.m_groups) addCount(m_groups[key], n);
  m_stats.merge(other.m_stats);
  std::move(other.m_errors.begin(), other.m_errors.end(), std::back_inserter(m_errors));
  if (other.m_report && m_report) {
    m_report->merge(std::move(*other.m_report));
  } else if (other.m_report) {
    m_report = std::move(other.m_report);
  }
  m_aggregates.merge(std::move(other.m_aggregates));
  other = Partial{};
}

std::string Partial::encode() const {
  ByteWriter w;
  w.raw(kMagic);
  w.varint(kVersion);
  for (std::uint64_t v :
       {m_stats.files, m_stats.failedFiles, m_stats.bytesIn, m_stats.bytesOut, m_stats.lines,
        m_stats.parsed, m_stats.malformed, m_stats.skipped, m_stats.matched}) {
    w.varint(v);
  }
  w.varint(m_errors.size());
  for (const FileError& e : m_errors) {
    w.bytes(e.path);
    w.bytes(e.message);
  }
  w.varint(m_groups.size());
  for (const auto& [key, n] : m_groups) {
    w.bytes(key);
    w.varint(n);
  }
  w.varint(m_report ? 1 : 0);
  if (m_report) m_report->encode(w);
  m_aggregates.encode(w);
  return w.take();
}

Partial Partial::decode(std::string_view bytes) {
  ByteReader r(bytes, "partial");
  r.expect(kMagic);
  const std::uint64_t version = r.varint();
  if (version < kOldestVersion || version > kVersion) r.fail("unsupported version");
  Partial p;
  for (std::uint64_t* v : {&p.m_stats.files, &p.m_stats.failedFiles, &p.m_stats.bytesIn,
                           &p.m_stats.bytesOut, &p.m_stats.lines, &p.m_stats.parsed,
                           &p.m_stats.malformed, &p.m_stats.skipped, &p.m_stats.matched}) {
    *v = r.varint();
  }
  const std::uint64_t errors = r.count(2);
  for (std::uint64_t i = 0; i < errors; ++i) {
    FileError e;
    e.path = std::string(r.bytes());
    e.message = std::string(r.bytes());
    r.charge(sizeof(FileError) + e.path.size() + e.message.size());
    p.m_errors.push_back(std::move(e));
  }
  const std::uint64_t groups = r.count(2);
  r.charge(groups * sizeof(void*));  // the bucket array reserve() builds
  p.m_groups.reserve(groups);
  for (std::uint64_t i = 0; i < groups; ++i) {
    const std::string_view key = r.bytes();
    const std::uint64_t n = r.varint();
    r.charge(kMapEntryBytes + key.size());
    if (!p.m_groups.emplace(key, n).second) r.fail("duplicate group key");
  }
  const std::uint64_t hasReport = r.varint();
  if (hasReport > 1) r.fail("bad report flag");
  if (hasReport) p.m_report = ReportAggregate::decode(r, version >= kFirstWithBots);
  p.m_aggregates = AggregateTable::decode(r);
  r.finish();
  return p;
}

}  // namespace logmill::workers
