#pragma once
// Visitor counting for `logmill report`. A visitor is GoAccess's: one
// (host, date, user agent) triple, identified here by a 64-bit hash of it.
//
// Every report row (a path, a host, a browser...) counts the distinct
// visitors among its hits, exactly: a sorted list of hashes while they are
// few (most rows), a flat hash set past kSmallLimit. Only when the run's
// visitor memory runs out (ReportAggregate sheds its largest rows first)
// does a row turn into a HyperLogLog of 2^12 registers (4 KB, standard
// error 1.6%) and print as an estimate. The representation of an exact row
// depends only on how many visitors it has, so any merge order of the same
// input gives the very same state.
//
// A report that is only printed may also count visitors it does not hold
// (addDisjoint): `report --store` sums the exact counts of stored days,
// whose visitors never meet (a visitor is of one date). Such a sketch
// cannot be encoded, estimated or merged.

#include <cstdint>
#include <string_view>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/FlatU64Set.hpp"

namespace logmill::workers {

/// The visitor hash of (host, day, agent): stable across processes and
/// machines, well mixed in every bit. `day` is days since the epoch in the
/// server's local time (any fixed number when the time is unknown).
[[nodiscard]] std::uint64_t reportVisitorHash(std::string_view host, std::int64_t day,
                                              std::string_view agent) noexcept;

class ReportVisitorSketch {
 public:
  /// Exact visitors are a sorted list up to this many, a hash set beyond.
  static constexpr std::size_t kSmallLimit = 128;
  static constexpr int kPrecision = 12;
  static constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;
  /// Relative standard error of an estimated count: 1.04 / sqrt(kRegisters).
  static constexpr double kStandardError = 0.01625;
  /// Encoding: a first number up to kSmallLimit is a sorted list of that
  /// many hashes; these two mark registers and a large exact set.
  static constexpr std::uint64_t kRegistersMark = kSmallLimit + 1;
  static constexpr std::uint64_t kLargeMark = kSmallLimit + 2;

  /// True if an exact set grew (the hash is new to it).
  bool add(std::uint64_t hash);
  void merge(const ReportVisitorSketch& other);
  /// Turns an exact sketch into registers (the count becomes an estimate).
  void estimate();

  /// Counts `n` more exact visitors known only by number, distinct from
  /// every visitor this sketch holds or will be given (another day's).
  /// The sketch can then only be counted: encode(), estimate() and merge
  /// throw std::logic_error.
  void addDisjoint(std::uint64_t n) { m_disjoint += n; }

  /// Distinct visitors: exact while isExact(), else the HyperLogLog estimate.
  [[nodiscard]] std::uint64_t count() const;
  [[nodiscard]] bool isExact() const { return m_registers.empty(); }
  /// Hashes held exactly (0 once estimated).
  [[nodiscard]] std::uint64_t exactCount() const { return isExact() ? count() : 0; }

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on a truncated or inconsistent sketch (the format of
  /// partial versions 4 and 5 alike: 4 never has a large set).
  [[nodiscard]] static ReportVisitorSketch decode(ByteReader& r);
  /// An encoded sketch read and checked, not merged yet: merge(decode(r))
  /// in two halves, building no sketch, so that a caller can read rows
  /// ahead of their merges.
  struct Encoded {
    bool registers = false;
    bool large = false;
    std::string_view ranks;             ///< the registers, if `registers`
    std::vector<std::uint64_t> hashes;  ///< the sorted hashes, if not (read() only)
    std::uint64_t size = 0;             ///< how many hashes, if not registers
  };
  /// Reads a sketch into `out` (its vector reused). Throws as decode does.
  static void read(ByteReader& r, Encoded& out);
  /// read() without keeping the hashes (out.hashes left empty): only their
  /// number is wanted. Checks and throws exactly as read() does.
  static void skip(ByteReader& r, Encoded& out);
  /// What merge(decode(...)) of the sketch read gives.
  void merge(const Encoded& other);

  friend bool operator==(const ReportVisitorSketch&, const ReportVisitorSketch&) = default;

 private:
  void addToRegisters(std::uint64_t hash);
  void makeLarge();
  /// Adds a sorted list of distinct hashes to an exact sketch that has no
  /// large set (a linear merge).
  void mergeSmall(const std::vector<std::uint64_t>& other);
  [[nodiscard]] std::vector<std::uint64_t> sortedHashes() const;
  /// Throws std::logic_error if addDisjoint() counted visitors (`what`: the
  /// operation refused).
  void checkHoldsAll(const char* what) const;

  std::vector<std::uint64_t> m_small;     ///< sorted distinct hashes while few
  FlatU64Set m_large;                     ///< the hashes past kSmallLimit (m_small empty)
  std::vector<std::uint8_t> m_registers;  ///< kRegisters ranks once estimated
  std::uint64_t m_disjoint = 0;           ///< exact visitors counted, not held (addDisjoint)
};

}  // namespace logmill::workers
