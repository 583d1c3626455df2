#pragma once
// The report's "Humans and bots": hits, visitors and bytes per `bot` class
// (the per-line field, so they equal `count --by bot`), declared bots by
// name, and each host's behaviour over the whole input, from which the
// summary flags suspected hosts by named rules. Mergeable like every part of
// ReportAggregate: sums, ORs, earliest and latest times.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/FlatStringMap.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/parse/botFields.hpp"
#include "workers/report/ReportVisitors.hpp"

namespace logmill::workers {

/// Hits, bytes and visitors of a class or a named bot (a report row's figures).
struct BotRow {
  std::uint64_t hits = 0;
  std::uint64_t bytes = 0;
  ReportVisitorSketch visitors;
  void merge(const BotRow& other);
  friend bool operator==(const BotRow&, const BotRow&) = default;
};

/// What a host did in its lines that no declared bot sent.
struct BotHostBehaviour {
  std::uint64_t hits = 0;
  std::uint64_t pages = 0;    ///< requests for a path that is not a static file
  std::uint64_t statics = 0;  ///< requests for a static file (isStaticPath)
  bool robots = false;        ///< fetched /robots.txt
  bool emptyAgent = false;    ///< sent an empty or `-` user agent
  std::int64_t first = INT64_MAX, last = INT64_MIN;  ///< epoch seconds of timed requests
  void merge(const BotHostBehaviour& other);
  friend bool operator==(const BotHostBehaviour&, const BotHostBehaviour&) = default;
};

/// The rules behind `suspected` hosts, as the README names them.
inline constexpr std::uint64_t kNoAssetsMinPages = 50;  ///< no-assets: this many pages, no asset
inline constexpr std::uint64_t kRateMinHits = 300;      ///< rate: this many requests ...
inline constexpr std::uint64_t kRatePerSecond = 1;      ///< ... at this average rate or more
/// The rules a host breaks, comma-separated in a fixed order (`robots.txt`,
/// `empty-agent`, `no-assets`, `rate`); "" for none.
[[nodiscard]] std::string suspicionRules(const BotHostBehaviour& host);

class ReportBots {
 public:
  using Names = FlatStringMap<BotRow>;
  using Hosts = FlatStringMap<BotHostBehaviour>;

  /// Adds one record: `bot` is declaredBot(record.agent), `hostHash`
  /// flatStringHash(record.host), `isStatic` whether its path is a static
  /// file, `visitor` its visitor hash (null for a 4xx hit), `epochSeconds`
  /// its time if it has one.
  void add(const LogRecord& record, std::optional<std::uint32_t> bot, std::uint64_t hostHash,
           bool isStatic, std::uint64_t bytes, const std::uint64_t* visitor,
           const std::int64_t* epochSeconds);
  /// Starts loading what add() will touch for this host (see FlatStringMap::prefetch).
  void prefetch(std::uint64_t hostHash) const { m_hosts.prefetch(hostHash); }
  void prefetchEntry(std::uint64_t hostHash) const { m_hosts.prefetchEntry(hostHash); }
  void merge(const ReportBots& other);

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on truncated or inconsistent input.
  [[nodiscard]] static ReportBots decode(ByteReader& r);

  /// A class's figures; declared is the union of the named bots' rows.
  [[nodiscard]] BotRow byClass(BotClass c) const;
  [[nodiscard]] const Names& names() const { return m_names; }
  [[nodiscard]] const Hosts& hosts() const { return m_hosts; }

  /// Equal when classes, names and hosts are (scratch state aside).
  friend bool operator==(const ReportBots& a, const ReportBots& b) {
    return a.m_suspected == b.m_suspected && a.m_human == b.m_human && a.m_names == b.m_names &&
           a.m_hosts == b.m_hosts;
  }

 private:
  BotRow m_suspected, m_human;  // declared: the names' rows together
  Names m_names;
  Hosts m_hosts;
  // Row index + 1 in m_names by crawler-list index: a declared line skips
  // hashing its bot's name. Entries are never erased, so an index stays
  // valid while m_names is not replaced (a copy or move carries both).
  std::vector<std::uint32_t> m_nameRows;
};

}  // namespace logmill::workers
