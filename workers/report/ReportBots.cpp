#include "workers/report/ReportBots.hpp"

#include <algorithm>
#include <vector>

#include "workers/base/addCount.hpp"
#include "workers/report/sortedEntries.hpp"

namespace logmill::workers {
namespace {

void encodeRow(ByteWriter& w, const BotRow& row) {
  w.varint(row.hits);
  w.varint(row.bytes);
  row.visitors.encode(w);
}

BotRow decodeRow(ByteReader& r) {
  BotRow row;
  row.hits = r.varint();
  row.bytes = r.varint();
  row.visitors = ReportVisitorSketch::decode(r);
  return row;
}

}  // namespace

void BotRow::merge(const BotRow& other) {
  addCount(hits, other.hits);
  addCount(bytes, other.bytes);
  visitors.merge(other.visitors);
}

void BotHostBehaviour::merge(const BotHostBehaviour& other) {
  addCount(hits, other.hits);
  addCount(pages, other.pages);
  addCount(statics, other.statics);
  robots = robots || other.robots;
  emptyAgent = emptyAgent || other.emptyAgent;
  first = std::min(first, other.first);
  last = std::max(last, other.last);
}

std::string suspicionRules(const BotHostBehaviour& h) {
  std::string rules;
  const auto rule = [&](bool broken, std::string_view name) {
    if (!broken) return;
    if (!rules.empty()) rules += ", ";
    rules += name;
  };
  rule(h.robots, "robots.txt");
  rule(h.emptyAgent, "empty-agent");
  rule(h.pages >= kNoAssetsMinPages && h.statics == 0, "no-assets");
  // The average over the host's first to last request, whole seconds both ends.
  const bool timed = h.first <= h.last;
  const auto span = timed ? static_cast<std::uint64_t>(h.last - h.first) + 1 : 0;
  rule(timed && h.hits >= kRateMinHits && h.hits >= span * kRatePerSecond, "rate");
  return rules;
}

void ReportBots::add(const LogRecord& record, std::optional<std::uint32_t> bot,
                     std::uint64_t hostHash, bool isStatic, std::uint64_t bytes,
                     const std::uint64_t* visitor, const std::int64_t* epochSeconds) {
  const auto count = [&](BotRow& row) {
    ++row.hits;
    row.bytes += bytes;
    if (visitor) row.visitors.add(*visitor);
  };
  if (bot) {
    if (*bot >= m_nameRows.size()) m_nameRows.resize(*bot + 1, 0);
    std::uint32_t& cached = m_nameRows[*bot];
    if (cached == 0) {
      cached = static_cast<std::uint32_t>(m_names.indexOf(activeBotList().name(*bot))) + 1;
    }
    count(m_names.valueAt(cached - 1));
    return;
  }
  const bool emptyAgent = agentIsEmpty(record);
  const bool robots = record.path == "/robots.txt";
  count(emptyAgent || robots ? m_suspected : m_human);
  BotHostBehaviour& host = m_hosts.valueAt(m_hosts.indexOf(record.host, hostHash));
  ++host.hits;
  ++(isStatic ? host.statics : host.pages);
  host.robots = host.robots || robots;
  host.emptyAgent = host.emptyAgent || emptyAgent;
  if (epochSeconds) {
    host.first = std::min(host.first, *epochSeconds);
    host.last = std::max(host.last, *epochSeconds);
  }
}

BotRow ReportBots::byClass(BotClass c) const {
  if (c == BotClass::Suspected) return m_suspected;
  if (c == BotClass::Human) return m_human;
  BotRow declared;
  for (const auto& [name, row] : m_names) declared.merge(row);
  return declared;
}

void ReportBots::merge(const ReportBots& other) {
  m_suspected.merge(other.m_suspected);
  m_human.merge(other.m_human);
  for (const auto& [name, row] : other.m_names) m_names[name].merge(row);
  for (const auto& [host, behaviour] : other.m_hosts) m_hosts[host].merge(behaviour);
}

void ReportBots::encode(ByteWriter& w) const {
  // Sorted, so equal values encode to equal bytes.
  encodeRow(w, m_suspected);
  encodeRow(w, m_human);
  w.varint(m_names.size());
  for (const auto* entry : sortedEntries(m_names)) {
    w.bytes(entry->first);
    encodeRow(w, entry->second);
  }
  w.varint(m_hosts.size());
  for (const auto* entry : sortedEntries(m_hosts)) {
    const BotHostBehaviour& h = entry->second;
    w.bytes(entry->first);
    w.varint(h.hits);
    w.varint(h.pages);
    w.varint(h.statics);
    w.varint((h.robots ? 1 : 0) | (h.emptyAgent ? 2 : 0));
    w.signedVarint(h.first);
    w.signedVarint(h.last);
  }
}

ReportBots ReportBots::decode(ByteReader& r) {
  ReportBots b;
  b.m_suspected = decodeRow(r);
  b.m_human = decodeRow(r);
  const std::uint64_t names = r.count(4);
  for (std::uint64_t i = 0; i < names; ++i) {
    const std::string_view name = r.bytes();
    r.charge(kMapEntryBytes + sizeof(Names::value_type) + name.size());
    if (!b.m_names.emplace(name, decodeRow(r)).second) r.fail("duplicate bot name");
  }
  const std::uint64_t hosts = r.count(7);
  for (std::uint64_t i = 0; i < hosts; ++i) {
    const std::string_view host = r.bytes();
    r.charge(kMapEntryBytes + sizeof(Hosts::value_type) + host.size());
    BotHostBehaviour h;
    h.hits = r.varint();
    h.pages = r.varint();
    h.statics = r.varint();
    const std::uint64_t flags = r.varint();
    if (flags > 3) r.fail("bad bot host flags");
    h.robots = (flags & 1) != 0;
    h.emptyAgent = (flags & 2) != 0;
    h.first = r.signedVarint();
    h.last = r.signedVarint();
    if (h.pages + h.statics != h.hits || h.pages > h.hits) r.fail("inconsistent bot host counts");
    if (!b.m_hosts.emplace(host, h).second) r.fail("duplicate bot host");
  }
  return b;
}

}  // namespace logmill::workers
