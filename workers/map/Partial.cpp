#include "workers/map/Partial.hpp"

#include <algorithm>
#include <iterator>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/addCount.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kMagic = "LMP";
// 2: report section, 3: aggregate table, 4: skipped lines, 6: groups in key
// order and front-coded, large exact visitor sets, the report's bots and
// durations. Version 4 (stores and partial files written before) still reads:
// groups one by one, no bots or durations. (5 was never released.)
constexpr std::uint64_t kVersion = 6;
constexpr std::uint64_t kLegacyVersion = 4;

/// How many leading bytes of `key` its encoding takes from the key before
/// it: their common prefix, but always leaving a quarter of the key (and two
/// bytes) written out, so a decoder's memory budget per encoded byte holds
/// for every key an encoder writes (and a hostile run of long keys, each a
/// byte or two on the wire, exhausts it).
std::size_t sharedPrefix(std::string_view previous, std::string_view key) {
  const std::size_t keep = std::min(key.size(), std::max<std::size_t>(2, (key.size() + 3) / 4));
  const std::size_t limit = std::min(previous.size(), key.size() - keep);
  std::size_t n = 0;
  while (n < limit && previous[n] == key[n]) ++n;
  return n;
}

/// Merges two maps whose keys are in order into `into`, in one pass and
/// without hashing; the result is in order too.
void mergeSorted(Partial::Groups& into, Partial::Groups&& from) {
  auto a = into.releaseEntries();
  auto b = from.releaseEntries();
  Partial::Groups out;
  out.reserveEntries(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool takeA = j == b.size() || (i < a.size() && a[i].first <= b[j].first);
    auto& entry = takeA ? a[i++] : b[j++];
    if (takeA && j < b.size() && entry.first == b[j].first) addCount(entry.second, b[j++].second);
    (void)out.appendGreatest(std::move(entry.first), entry.second);
  }
  into = std::move(out);
}

/// Adds `from` to `into` by hashing (the order of neither is known).
void mergeHashed(Partial::Groups& into, Partial::Groups&& from) {
  if (from.size() > into.size()) std::swap(into, from);
  for (const auto& [key, n] : from) addCount(into[key], n);
}

void encodeGroups(ByteWriter& w, const Partial::Groups& groups) {
  w.varint(groups.size());
  std::string_view previous;
  const auto write = [&](const Partial::Groups::value_type& entry) {
    const std::string_view key = entry.first;
    const std::size_t shared = sharedPrefix(previous, key);
    w.varint(shared);
    w.bytes(key.substr(shared));
    w.varint(entry.second);
    previous = key;
  };
  if (groups.sortedByKey()) {
    for (const auto& entry : groups) write(entry);
  } else {
    for (std::uint32_t i : groups.keyOrder()) write(*(groups.begin() + i));
  }
}

/// Version 4's groups: keys whole, in any order.
Partial::Groups decodeLegacyGroups(ByteReader& r) {
  const std::uint64_t count = r.count(2);
  r.charge(count * sizeof(void*));  // the bucket array reserve() builds
  Partial::Groups groups;
  groups.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string_view key = r.bytes();
    const std::uint64_t n = r.varint();
    r.charge(kMapEntryBytes + key.size());
    if (!groups.emplace(key, n).second) r.fail("duplicate group key");
  }
  return groups;
}

Partial::Groups decodeGroups(ByteReader& r) {
  const std::uint64_t count = r.count(4);  // prefix, suffix length, >= 1 byte, count
  Partial::Groups groups;
  groups.reserveEntries(count);  // bounded by the message (count's check); charged per key
  std::string key;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t shared = r.varint();
    if (shared > key.size()) r.fail("group key prefix longer than the key before it");
    const std::string_view suffix = r.bytes();
    r.charge(kMapEntryBytes + shared + suffix.size());
    key.resize(shared);
    key.append(suffix);
    const std::uint64_t n = r.varint();
    if (!groups.appendGreatest(key, n)) {
      r.fail(groups.begin()[static_cast<std::ptrdiff_t>(groups.size() - 1)].first == key
                 ? "duplicate group key"
                 : "group keys out of order");
    }
  }
  return groups;
}

/// Whether a key whose bytes after a shared prefix are `suffix` comes after
/// one whose bytes after it are `rest`; most keys differ at the first byte.
bool keyFollows(std::string_view rest, std::string_view suffix) {
  if (!rest.empty() && !suffix.empty() && rest[0] != suffix[0]) {
    return static_cast<unsigned char>(rest[0]) < static_cast<unsigned char>(suffix[0]);
  }
  return rest < suffix;
}

/// Joins the encoded groups `r` is at (in key order, front-coded) to
/// `into`, whose keys are in order too, in one pass: the result is in order
/// and the encoded side never becomes a map of its own.
void mergeDecodedGroups(ByteReader& r, Partial::Groups& into) {
  const std::uint64_t count = r.count(4);  // as decodeGroups
  auto mine = into.releaseEntries();
  Partial::Groups out;
  out.reserveEntries(mine.size() + count);
  std::size_t i = 0;
  std::string key;
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::uint64_t shared = r.varint();
    if (shared > key.size()) r.fail("group key prefix longer than the key before it");
    const std::string_view suffix = r.bytes();
    r.charge(kMapEntryBytes + shared + suffix.size());
    // The key shares its first `shared` bytes with the one before it, so
    // the two compare as what follows those bytes.
    if (const std::string_view rest = std::string_view(key).substr(shared);
        k > 0 && !keyFollows(rest, suffix)) {
      r.fail(rest == suffix ? "duplicate group key" : "group keys out of order");
    }
    key.resize(shared);
    key.append(suffix);
    const std::uint64_t n = r.varint();
    int order = 1;  // mine[i] against key; 1 once mine is used up
    for (; i < mine.size() && (order = mine[i].first.compare(key)) < 0; ++i) {
      (void)out.appendGreatest(std::move(mine[i].first), mine[i].second);
    }
    if (i < mine.size() && order == 0) {
      addCount(mine[i].second, n);
      (void)out.appendGreatest(std::move(mine[i].first), mine[i].second);
      ++i;
    } else {
      (void)out.appendGreatest(key, n);
    }
  }
  for (; i < mine.size(); ++i) (void)out.appendGreatest(std::move(mine[i].first), mine[i].second);
  into = std::move(out);
}

/// Reads what comes before the groups (magic, version, run statistics,
/// errors) into `p`; returns true for the legacy version (4).
bool decodeHead(ByteReader& r, Partial& p) {
  r.expect(kMagic);
  const std::uint64_t version = r.varint();
  if (version != kVersion && version != kLegacyVersion) r.fail("unsupported version");
  RunStats& s = p.stats();
  for (std::uint64_t* v : {&s.files, &s.failedFiles, &s.bytesIn, &s.bytesOut, &s.lines, &s.parsed,
                           &s.malformed, &s.skipped, &s.matched}) {
    *v = r.varint();
  }
  const std::uint64_t errors = r.count(2);
  for (std::uint64_t i = 0; i < errors; ++i) {
    FileError e;
    e.path = std::string(r.bytes());
    e.message = std::string(r.bytes());
    r.charge(sizeof(FileError) + e.path.size() + e.message.size());
    p.errors().push_back(std::move(e));
  }
  return version == kLegacyVersion;
}

/// Reads what comes after the groups (the report and aggregate sections)
/// into `p` and checks that nothing follows.
void decodeTail(ByteReader& r, Partial& p, bool legacy) {
  const std::uint64_t hasReport = r.varint();
  if (hasReport > 1) r.fail("bad report flag");
  if (hasReport) p.report() = ReportAggregate::decode(r, !legacy);
  p.aggregates() = AggregateTable::decode(r);
  r.finish();
}

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
  add(key, flatStringHash(key), n);
}

void Partial::add(std::string_view key, std::uint64_t hash, std::uint64_t n) {
  // Throws CountOverflow instead of wrapping.
  addCount(m_groups.valueAt(m_groups.indexOf(key, hash)), n);
}

void Partial::sortGroups() {
  m_groups.sortByKey();
}

void Partial::mergeGroups(Groups&& other) {
  if (other.empty()) return;
  if (m_groups.empty()) {
    m_groups = std::move(other);
  } else if (m_groups.sortedByKey() && other.sortedByKey()) {
    mergeSorted(m_groups, std::move(other));
  } else {
    mergeHashed(m_groups, std::move(other));
  }
}

void Partial::merge(const Partial& other) {
  mergeGroups(Groups(other.m_groups));
  m_stats.merge(other.m_stats);
  m_errors.insert(m_errors.end(), other.m_errors.begin(), other.m_errors.end());
  if (other.m_report) report().merge(*other.m_report);
  m_aggregates.merge(other.m_aggregates);
}

void Partial::merge(Partial&& other) {
  mergeGroups(std::move(other.m_groups));
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

std::string Partial::encode(std::size_t reserveBytes) const {
  ByteWriter w;
  w.reserve(reserveBytes);
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
  encodeGroups(w, m_groups);
  w.varint(m_report ? 1 : 0);
  if (m_report) m_report->encode(w);
  m_aggregates.encode(w);
  return w.take();
}

Partial Partial::decode(std::string_view bytes) {
  ByteReader r(bytes, "partial");
  Partial p;
  const bool legacy = decodeHead(r, p);
  p.m_groups = legacy ? decodeLegacyGroups(r) : decodeGroups(r);
  decodeTail(r, p, legacy);
  return p;
}

void Partial::mergeEncoded(std::string_view bytes) {
  ByteReader r(bytes, "partial");
  Partial other;
  const bool legacy = decodeHead(r, other);
  if (legacy) {
    other.m_groups = decodeLegacyGroups(r);
  } else if (m_groups.sortedByKey()) {
    mergeDecodedGroups(r, m_groups);
  } else {
    other.m_groups = decodeGroups(r);
  }
  if (m_report) {
    // The report section joins this one's as it is read (report --store,
    // the reducer): no decoded report is built and freed.
    const std::uint64_t hasReport = r.varint();
    if (hasReport > 1) r.fail("bad report flag");
    if (hasReport) m_report->mergeDecode(r, !legacy);
    other.m_aggregates = AggregateTable::decode(r);
    r.finish();
  } else {
    decodeTail(r, other, legacy);
  }
  merge(std::move(other));
}

std::uint64_t Partial::encodedGroupCount(std::string_view bytes) {
  ByteReader r(bytes, "partial");
  Partial head;
  const bool legacy = decodeHead(r, head);
  return legacy ? r.count(2) : r.count(4);
}

RunStats Partial::encodedStats(std::string_view bytes) {
  ByteReader r(bytes, "partial");
  Partial head;
  (void)decodeHead(r, head);
  return head.m_stats;
}

}  // namespace logmill::workers
