#pragma once
// A partial aggregate: what one task (or any set of tasks) contributes to a
// query's answer. Merging is associative and commutative, so partials can be
// reduced in any order, in any process, on any machine.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workers/base/FlatStringMap.hpp"
#include "workers/query/AggregateTable.hpp"
#include "workers/report/ReportAggregate.hpp"

namespace logmill::workers {

struct RunStats {
  std::uint64_t files = 0;        ///< inputs (whole files) fully or partly read
  std::uint64_t failedFiles = 0;  ///< inputs with a read error
  std::uint64_t bytesIn = 0;      ///< bytes read from disk (compressed for gzip)
  std::uint64_t bytesOut = 0;     ///< text bytes after inflate
  std::uint64_t lines = 0;        ///< all lines seen
  std::uint64_t parsed = 0;       ///< lines that parsed
  std::uint64_t malformed = 0;    ///< lines that did not parse (incl. overlong)
  /// Lines never parsed because a prefilter proved they cannot match (robots
  /// passes over lines without "/robots.txt"): lines = parsed + malformed +
  /// skipped.
  std::uint64_t skipped = 0;
  std::uint64_t matched = 0;  ///< parsed lines that passed the filter

  void merge(const RunStats& other);
  friend bool operator==(const RunStats&, const RunStats&) = default;
};

/// A file that could not be (fully) read, with a message naming it.
struct FileError {
  std::string path;
  std::string message;
  friend bool operator==(const FileError&, const FileError&) = default;
};

class Partial {
 public:
  // Open addressing over contiguous entries: a group costs its entry (a
  // short key inline) and two index slots, no node and no allocation per
  // key, which is what millions of distinct keys (count --by host) need.
  using Groups = FlatStringMap<std::uint64_t>;

  /// Adds `n` hits to the group `key` (an encoded GroupKey).
  void add(std::string_view key, std::uint64_t n = 1);
  /// The same, given `hash` = flatStringHash(key).
  void add(std::string_view key, std::uint64_t hash, std::uint64_t n);
  /// Three hints, given in this order a few lines apart, that add(key, hash)
  /// comes soon: they load the group's index slot, its entry, then its key's
  /// bytes, so the adds of several lines overlap their cache misses.
  void prefetchGroupSlot(std::uint64_t hash) const { m_groups.prefetch(hash); }
  void prefetchGroupEntry(std::uint64_t hash) const { m_groups.prefetchEntry(hash); }
  void prefetchGroupKey(std::uint64_t hash) const {
    if (const auto* entry = m_groups.likelyEntry(hash)) __builtin_prefetch(entry->first.data());
  }
  /// Merges `other` in. Throws CountOverflow (workers/base/addCount.hpp)
  /// when a count would pass 2^64-1; this partial is then partly merged
  /// and only fit to be discarded.
  void merge(Partial&& other);
  void merge(const Partial& other);

  /// Puts the groups in key order (bytewise), which the encoding writes and
  /// which lets merge() join two partials in one pass without hashing; worth
  /// calling where partials are finished in parallel (workers, threads).
  void sortGroups();

  /// Versioned byte encoding with length checks throughout. Groups are
  /// written in key order, front-coded, and decode in that order (with no
  /// hash index until a lookup needs one). `reserveBytes`: address space to
  /// take up front for a big encoding; its pages are touched only as bytes
  /// are written, and a buffer grown by doubling would copy (and fault in)
  /// the bytes so far at every step.
  [[nodiscard]] std::string encode(std::size_t reserveBytes = 0) const;
  /// Throws std::runtime_error on truncated, corrupt or foreign input; never
  /// reads out of bounds and never allocates more than the input justifies.
  [[nodiscard]] static Partial decode(std::string_view bytes);
  /// Merges the encoded partial `bytes` in: the same as merge(decode(bytes)),
  /// but when this partial's groups are in key order the encoded groups are
  /// joined to them as they are read, and when it has a report the encoded
  /// report is merged into it as it is read: neither is built on its own.
  /// Throws as decode() and merge() do; this partial is then partly merged
  /// and only fit to be discarded.
  void mergeEncoded(std::string_view bytes);
  /// How many groups the encoded partial `bytes` holds (its other sections
  /// unread); throws as decode() does on a damaged head.
  [[nodiscard]] static std::uint64_t encodedGroupCount(std::string_view bytes);
  /// The run statistics of the encoded partial `bytes` (its other sections
  /// unread); throws as decode() does on a damaged head.
  [[nodiscard]] static RunStats encodedStats(std::string_view bytes);

  [[nodiscard]] const Groups& groups() const { return m_groups; }
  [[nodiscard]] RunStats& stats() { return m_stats; }
  [[nodiscard]] const RunStats& stats() const { return m_stats; }
  [[nodiscard]] std::vector<FileError>& errors() { return m_errors; }
  [[nodiscard]] const std::vector<FileError>& errors() const { return m_errors; }
  /// The `logmill report` section: absent for every other command.
  [[nodiscard]] const std::optional<ReportAggregate>& report() const { return m_report; }
  /// The report section, created empty on first use.
  [[nodiscard]] ReportAggregate& report() { return m_report ? *m_report : m_report.emplace(); }
  /// The --agg / --bucket groups of count/top (empty for plain counts).
  [[nodiscard]] AggregateTable& aggregates() { return m_aggregates; }
  [[nodiscard]] const AggregateTable& aggregates() const { return m_aggregates; }

  friend bool operator==(const Partial&, const Partial&) = default;

 private:
  void mergeGroups(Groups&& other);

  Groups m_groups;
  RunStats m_stats;
  std::vector<FileError> m_errors;
  std::optional<ReportAggregate> m_report;
  AggregateTable m_aggregates;
};

}  // namespace logmill::workers
