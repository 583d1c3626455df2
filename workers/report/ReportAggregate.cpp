#include "workers/report/ReportAggregate.hpp"

#include <algorithm>
#include <climits>
#include <iterator>
#include <vector>

#include "workers/base/addCount.hpp"
#include "workers/base/calendar.hpp"
#include "workers/parse/derivedFields.hpp"
#include "workers/report/timeCodec.hpp"

namespace logmill::workers {
namespace {

constexpr std::string_view kNoRequest = "-";
constexpr std::string_view kCrawlers = "Crawlers";
constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/// YYYY-MM-DD of a day number (days since 1970-01-01), proleptic Gregorian.
void formatDay(std::int64_t days, std::string& out) {
  const CivilDate date = civilFromDays(days);
  const int y = date.year;
  const unsigned m = date.month;
  const unsigned d = date.day;
  out = std::to_string(y);
  out += '-';
  out += static_cast<char>('0' + m / 10);
  out += static_cast<char>('0' + m % 10);
  out += '-';
  out += static_cast<char>('0' + d / 10);
  out += static_cast<char>('0' + d % 10);
}

/// The host part of a referrer URL, GoAccess's way: between the first "//"
/// and the next "/"; empty if there is none.
std::string_view referringSite(std::string_view referrer) {
  const std::size_t start = referrer.find("//");
  if (start == std::string_view::npos) return {};
  const std::string_view rest = referrer.substr(start + 2);
  return rest.substr(0, rest.find('/'));
}

bool earlier(const Timestamp& a, const Timestamp& b) {
  return a.epochSeconds != b.epochSeconds ? a.epochSeconds < b.epochSeconds
                                          : a.offsetMinutes < b.offsetMinutes;
}

bool sameTime(const std::optional<Timestamp>& a, const std::optional<Timestamp>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->epochSeconds == b->epochSeconds && a->offsetMinutes == b->offsetMinutes);
}

}  // namespace

ReportRequestKey splitReportRequestKey(std::string_view key) {
  const std::size_t a = key.find('\n');
  const std::size_t b = a == std::string_view::npos ? a : key.find('\n', a + 1);
  if (b == std::string_view::npos) return {{}, {}, key};
  return {key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1)};
}

void ReportRow::merge(const ReportRow& other) {
  addCount(hits, other.hits);
  addCount(bytes, other.bytes);
  visitors.merge(other.visitors);
}

ReportAggregate::Scratch::Scratch(Scratch&& other) noexcept
    : key(std::move(other.key)),
      day(other.day),
      dayIndex(other.dayIndex),
      date(std::move(other.date)),
      status(other.status),
      hour(other.hour),
      agents(std::move(other.agents)),
      agentSerials(other.agentSerials),
      visitors(std::move(other.visitors)) {
  other.forget();
}

ReportAggregate::Scratch& ReportAggregate::Scratch::operator=(Scratch&& other) noexcept {
  if (this != &other) {
    key = std::move(other.key);
    day = other.day;
    dayIndex = other.dayIndex;
    date = std::move(other.date);
    status = other.status;
    hour = other.hour;
    agents = std::move(other.agents);
    agentSerials = other.agentSerials;
    visitors = std::move(other.visitors);
    other.forget();
  }
  return *this;
}

void ReportAggregate::Scratch::forget() {
  day = INT64_MIN;
  dayIndex = 0;
  status.fill(0);
  hour.fill(0);
  for (Agent& a : agents) a.browser = a.os = 0;
  for (Visitor& v : visitors) v.counted = false;  // its rows may be in maps swapped away
}

std::uint32_t ReportAggregate::rowIndex(ReportPanel panel, std::string_view key) {
  return static_cast<std::uint32_t>(m_panels[static_cast<std::size_t>(panel)].indexOf(key));
}

ReportRow& ReportAggregate::row(ReportPanel panel, std::string_view key) {
  return row(panel, rowIndex(panel, key));
}

ReportAggregate::AgentRows ReportAggregate::agentRows(std::string_view agent) {
  const auto classify = [&] {
    const std::string_view browser = browserFamily(agent);
    const std::string_view os = browser == kCrawlers ? kCrawlers : osFamily(agent);
    return AgentRows{rowIndex(ReportPanel::Browsers, browser), rowIndex(ReportPanel::Os, os), 0,
                     m_classifyBots ? declaredBot(agent) : std::nullopt};
  };
  if (agent.size() > Scratch::kMaxAgent) return classify();
  // A log repeats a few hundred agents millions of times.
  std::vector<Scratch::Agent>& agents = m_scratch.agents;
  if (agents.empty()) agents.resize(Scratch::kAgents);
  Scratch::Agent& e = agents[flatStringHash(agent) & (Scratch::kAgents - 1)];
  if (e.browser == 0 || e.text != agent) {
    const AgentRows rows = classify();
    e.text.assign(agent);
    e.browser = rows.browser + 1;
    e.os = rows.os + 1;
    e.serial = ++m_scratch.agentSerials;
    e.bot = rows.bot;
  }
  return {e.browser - 1, e.os - 1, e.serial, e.bot};
}

ReportAggregate::VisitorRef ReportAggregate::visitorHash(std::string_view host,
                                                         std::uint64_t hostHash, std::int64_t day,
                                                         std::string_view agent,
                                                         std::uint64_t agentSerial) {
  // Computing the hash walks the whole agent in a serial chain of multiplies;
  // a visitor makes many requests a day.
  if (agentSerial == 0 || host.size() > Scratch::kMaxAgent) {
    return {reportVisitorHash(host, day, agent), nullptr};
  }
  std::vector<Scratch::Visitor>& visitors = m_scratch.visitors;
  if (visitors.empty()) visitors.resize(std::size_t{1} << Scratch::kVisitorsLog2);
  const std::uint64_t mixed =
      (hostHash ^ (agentSerial * 0x9e3779b97f4a7c15ULL) ^ static_cast<std::uint64_t>(day)) *
      0xbf58476d1ce4e5b9ULL;
  Scratch::Visitor& v = visitors[mixed >> (64 - Scratch::kVisitorsLog2)];
  if (v.agentSerial != agentSerial || v.day != day || v.host != host) {
    v.host.assign(host);
    v.agentSerial = agentSerial;
    v.day = day;
    v.hash = reportVisitorHash(host, day, agent);
    v.counted = false;
  }
  return {v.hash, &v.counted};
}

void ReportAggregate::add(const LogRecord& record) {
  // The big panels' lookups are staged around the visitor hash, the line's
  // longest computation, so their cache misses overlap (FlatStringMap::prefetch).
  struct Lookup {
    ReportPanel panel;
    std::string_view key;
    std::uint64_t hash;
  };
  std::array<Lookup, 4> lookups;
  std::size_t staged = 0;
  const auto stage = [&](ReportPanel panel, std::string_view key) {
    const std::uint64_t hash = flatStringHash(key);
    m_panels[static_cast<std::size_t>(panel)].prefetch(hash);
    lookups[staged++] = {panel, key, hash};
  };
  const ReportPanel requests = requestKey(record);  // before the key is read
  stage(requests, m_scratch.key);
  stage(ReportPanel::Hosts, record.host);
  const std::uint64_t hostHash = lookups[staged - 1].hash;
  if (m_classifyBots) m_bots.prefetch(hostHash);
  if (!record.referrer.empty() && record.referrer != "-") {
    stage(ReportPanel::Referrers, record.referrer);
    if (const std::string_view site = referringSite(record.referrer); !site.empty()) {
      stage(ReportPanel::ReferringSites, site);
    }
  }

  const std::uint64_t bytes = record.bytes > 0 ? static_cast<std::uint64_t>(record.bytes) : 0;
  const std::optional<Timestamp> ts = record.time();
  const std::int64_t day = ts ? floorDiv(ts->localSeconds(), kSecondsPerDay) : INT64_MIN;
  for (std::size_t i = 0; i < staged; ++i) {
    m_panels[static_cast<std::size_t>(lookups[i].panel)].prefetchEntry(lookups[i].hash);
  }
  if (m_classifyBots) m_bots.prefetchEntry(hostHash);
  const AgentRows agent = agentRows(record.agent);
  const VisitorRef ref = visitorHash(record.host, hostHash, day, record.agent, agent.serial);
  // GoAccess leaves 4xx hits out of every visitor count by default.
  const bool clientError = record.status >= 400 && record.status <= 499;
  const std::uint64_t* visitor = clientError ? nullptr : &ref.hash;
  // A visitor's host, browser, OS and day never change: once counted there,
  // its next hits skip those (large) sets.
  const std::uint64_t* newVisitor = ref.counted && *ref.counted ? nullptr : visitor;
  if (visitor && ref.counted) *ref.counted = true;

  m_bandwidth += bytes;
  if (ts) addTime(*ts, bytes, visitor, newVisitor);
  count(ReportPanel::Browsers, row(ReportPanel::Browsers, agent.browser), bytes, newVisitor);
  count(ReportPanel::Os, row(ReportPanel::Os, agent.os), bytes, newVisitor);
  if (record.status >= 0) {
    const auto code = static_cast<std::size_t>(record.status);
    std::uint32_t* cached = code < m_scratch.status.size() ? &m_scratch.status[code] : nullptr;
    if (!cached || *cached == 0) {
      const std::uint32_t index = rowIndex(ReportPanel::StatusCodes, std::to_string(record.status));
      if (cached) *cached = index + 1;
      count(ReportPanel::StatusCodes, row(ReportPanel::StatusCodes, index), bytes, visitor);
    } else {
      count(ReportPanel::StatusCodes, row(ReportPanel::StatusCodes, *cached - 1), bytes, visitor);
    }
  }
  for (std::size_t i = 0; i < staged; ++i) {
    const Lookup& l = lookups[i];
    Rows& rows = m_panels[static_cast<std::size_t>(l.panel)];
    count(l.panel, rows.valueAt(rows.indexOf(l.key, l.hash)), bytes,
          l.panel == ReportPanel::Hosts ? newVisitor : visitor);
  }
  if (m_classifyBots) {
    const bool isStatic = requests == ReportPanel::StaticRequests ||
                          (requests == ReportPanel::NotFound && isStaticPath(record.path));
    m_bots.add(record, agent.bot, hostHash, isStatic, bytes, visitor,
               ts ? &ts->epochSeconds : nullptr);
  }
  m_durations.add(record);
  shedVisitorsIfOver();
}

void ReportAggregate::count(ReportPanel panel, ReportRow& r, std::uint64_t bytes,
                            const std::uint64_t* visitor) {
  ++r.hits;
  r.bytes += bytes;
  if (visitor && r.visitors.add(*visitor)) ++m_exactEntries[static_cast<std::size_t>(panel)];
}

std::uint64_t ReportAggregate::exactVisitorEntries() const {
  std::uint64_t n = 0;
  for (const std::uint64_t e : m_exactEntries) n += e;
  return n;
}

std::uint64_t ReportAggregate::estimatedVisitorRows() const {
  std::uint64_t n = 0;
  for (const Rows& rows : m_panels) {
    for (const auto& [key, r] : rows) n += r.visitors.isExact() ? 0 : 1;
  }
  return n;
}

void ReportAggregate::shedVisitorsIfOver() {
  if (exactVisitorEntries() > m_shedAt) shedVisitors();
}

void ReportAggregate::shedVisitors() {
  constexpr std::uint64_t kSheddableEntries = ReportVisitorSketch::kRegisters / kVisitorEntryBytes;
  struct Candidate {
    std::uint64_t entries;
    std::size_t panel;
    std::string_view key;
    ReportRow* row;
  };
  std::vector<Candidate> rows;
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    for (auto& [key, r] : m_panels[p]) {
      // An estimate takes kRegisters bytes: a row smaller than that stays exact.
      if (const std::uint64_t n = r.visitors.exactCount(); n > kSheddableEntries) {
        rows.push_back({n, p, key, &r});
      }
    }
  }
  // Largest first; ties in a fixed order, so equal states shed alike.
  std::sort(rows.begin(), rows.end(), [](const Candidate& a, const Candidate& b) {
    if (a.entries != b.entries) return a.entries > b.entries;
    return a.panel != b.panel ? a.panel < b.panel : a.key < b.key;
  });
  // Down to 7/8 of the budget, so the next few visitors do not sort again.
  const std::uint64_t target = m_entryLimit - m_entryLimit / 8;
  std::uint64_t total = exactVisitorEntries();
  for (const Candidate& c : rows) {
    if (total <= target) break;
    c.row->visitors.estimate();
    total -= c.entries;
    m_exactEntries[c.panel] -= c.entries;
  }
  // Rows too small to shed may keep the total over the budget: let it grow
  // by another eighth before sorting again, not at every visitor.
  m_shedAt = std::max(m_entryLimit, total + m_entryLimit / 8);
}

void ReportAggregate::addTime(const Timestamp& ts, std::uint64_t bytes,
                              const std::uint64_t* visitor, const std::uint64_t* dayVisitor) {
  noteTime(ts);
  const std::int64_t local = ts.localSeconds();
  const std::int64_t day = floorDiv(local, kSecondsPerDay);
  // Lines come roughly in time order, so the date is rarely looked up.
  if (day != m_scratch.day || m_scratch.dayIndex == 0) {
    formatDay(day, m_scratch.date);
    m_scratch.day = day;
    m_scratch.dayIndex = static_cast<std::uint32_t>(m_days.indexOf(m_scratch.date)) + 1;
  }
  ReportDay& d = m_days.valueAt(m_scratch.dayIndex - 1);
  ++d.hits;
  d.bytes += bytes;
  if (dayVisitor) d.visitors.insert(*dayVisitor);

  const auto hour = static_cast<std::size_t>((local - day * kSecondsPerDay) / 3600);
  std::uint32_t& cached = m_scratch.hour[hour];
  if (cached == 0) {
    const char text[2] = {static_cast<char>('0' + hour / 10), static_cast<char>('0' + hour % 10)};
    cached = rowIndex(ReportPanel::VisitTime, {text, 2}) + 1;
  }
  count(ReportPanel::VisitTime, row(ReportPanel::VisitTime, cached - 1), bytes, visitor);
}

ReportPanel ReportAggregate::requestKey(const LogRecord& record) {
  std::string_view method = record.method, protocol = record.protocol, path = record.path;
  if (!method.empty() && protocol.empty()) method = path = kNoRequest;
  if (path == kNoRequest) method = protocol = {};
  std::string& key = m_scratch.key;
  key.assign(method);
  key += '\n';
  key.append(protocol);
  key += '\n';
  key.append(path);
  return record.status == 404                       ? ReportPanel::NotFound
         : path != kNoRequest && isStaticPath(path) ? ReportPanel::StaticRequests
                                                    : ReportPanel::Requests;
}

void ReportAggregate::noteTime(const Timestamp& ts) {
  if (!m_first || earlier(ts, *m_first)) m_first = ts;
  if (!m_last || earlier(*m_last, ts)) m_last = ts;
}

std::uint64_t ReportAggregate::uniqueVisitors() const {
  std::uint64_t n = 0;
  for (const auto& [date, day] : m_days) n += day.visitors.size();
  return n;
}

void ReportAggregate::merge(const ReportAggregate& other) {
  // Rows are looked up a few ahead of their merge (FlatStringMap::prefetch),
  // so the cache misses of a big panel's lookups overlap.
  constexpr std::size_t kAhead = 8;  // a power of two
  std::array<std::uint64_t, kAhead> hashes{};
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    Rows& rows = m_panels[p];
    const Rows& theirs = other.m_panels[p];
    const std::size_t n = theirs.size();
    const auto stage = [&](std::size_t i) {
      hashes[i & (kAhead - 1)] =
          flatStringHash(theirs.begin()[static_cast<std::ptrdiff_t>(i)].first);
      rows.prefetch(hashes[i & (kAhead - 1)]);
    };
    for (std::size_t i = 0; i < std::min(n, kAhead); ++i) stage(i);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& [key, r] = theirs.begin()[static_cast<std::ptrdiff_t>(i)];
      const std::uint64_t hash = hashes[i & (kAhead - 1)];
      if (i + kAhead / 2 < n) rows.prefetchEntry(hashes[(i + kAhead / 2) & (kAhead - 1)]);
      ReportRow& mine = rows.valueAt(rows.indexOf(key, hash));
      if (i + kAhead < n) stage(i + kAhead);
      const std::uint64_t before = mine.visitors.exactCount();
      mine.merge(r);
      m_exactEntries[p] = m_exactEntries[p] - before + mine.visitors.exactCount();
      shedVisitorsIfOver();
    }
  }
  mergeTotals(other);
}

void ReportAggregate::mergeTotals(const ReportAggregate& other) {
  for (const auto& [date, d] : other.m_days) {
    ReportDay& mine = m_days[date];
    addCount(mine.hits, d.hits);
    addCount(mine.bytes, d.bytes);
    if (mine.visitors.size() == 0) {
      mine.visitors = d.visitors;  // a day new here (most merges): a copy, not an insert a hash
    } else {
      d.visitors.forEach([&](std::uint64_t v) { mine.visitors.insert(v); });
    }
  }
  addCount(m_bandwidth, other.m_bandwidth);
  if (other.m_first) noteTime(*other.m_first);
  if (other.m_last) noteTime(*other.m_last);
  m_bots.merge(other.m_bots);
  m_durations.merge(other.m_durations);
  shedVisitorsIfOver();  // panels swapped in by merge(&&) may bring more
}

void ReportAggregate::merge(ReportAggregate&& other) {
  // Merge each smaller map into the larger one.
  for (std::size_t p = 0; p < kReportPanelCount; ++p) {
    if (other.m_panels[p].size() > m_panels[p].size()) {
      std::swap(m_panels[p], other.m_panels[p]);
      std::swap(m_exactEntries[p], other.m_exactEntries[p]);
    }
  }
  if (other.m_days.size() > m_days.size()) std::swap(m_days, other.m_days);
  m_scratch.forget();  // its row indices may point into maps swapped away
  merge(static_cast<const ReportAggregate&>(other));
  other = ReportAggregate{};
}

bool operator==(const ReportAggregate& a, const ReportAggregate& b) {
  return a.m_panels == b.m_panels && a.m_days == b.m_days && a.m_bandwidth == b.m_bandwidth &&
         sameTime(a.m_first, b.m_first) && sameTime(a.m_last, b.m_last) && a.m_bots == b.m_bots &&
         a.m_durations == b.m_durations;
}

ReportAggregate ReportAggregate::decode(ByteReader& r, bool withBots) {
  ReportAggregate a;
  for (Rows& rows : a.m_panels) {
    const std::uint64_t n = r.count(4);
    // reserve() builds an entry and up to four index slots a row.
    r.charge(n * (sizeof(Rows::value_type) + 4 * sizeof(std::uint64_t)));
    rows.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string_view key = r.bytes();
      r.charge(key.size());
      ReportRow row;
      row.hits = r.varint();
      row.bytes = r.varint();
      row.visitors = ReportVisitorSketch::decode(r);
      a.m_exactEntries[&rows - a.m_panels.data()] += row.visitors.exactCount();
      // Rows are encoded in key order: appended so, they are not hashed
      // (a decoded partial is mostly merged into another, iterated, never
      // looked up; the first lookup indexes it).
      if (rows.sortedByKey() && (rows.empty() || std::prev(rows.end())->first < key)) {
        (void)rows.appendGreatest(std::string(key), std::move(row));
        continue;
      }
      if (!rows.emplace(key, std::move(row)).second) r.fail("duplicate report row");
    }
  }
  const std::uint64_t days = r.count(4);
  for (std::uint64_t i = 0; i < days; ++i) {
    const std::string_view date = r.bytes();
    r.charge(kMapEntryBytes + sizeof(Days::value_type) + date.size());
    ReportDay d;
    d.hits = r.varint();
    d.bytes = r.varint();
    const std::uint64_t visitors = r.count(1);
    r.charge(visitors * 4 * sizeof(std::uint64_t));  // up to four slots a visitor
    d.visitors.reserve(visitors);
    for (std::uint64_t v = 0; v < visitors; ++v) {
      if (!d.visitors.insert(r.varint())) r.fail("duplicate visitor");
    }
    if (!a.m_days.emplace(date, std::move(d)).second) r.fail("duplicate report day");
  }
  a.m_bandwidth = r.varint();
  a.m_first = decodeTime(r);
  a.m_last = decodeTime(r);
  if (withBots) {
    a.m_bots = ReportBots::decode(r);
    a.m_durations = ReportDurations::decode(r);
  }
  return a;
}

}  // namespace logmill::workers
