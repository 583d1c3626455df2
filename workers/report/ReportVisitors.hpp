#pragma once
// Visitor counting for `logmill report`. A visitor is GoAccess's: one
// (host, date, user agent) triple, identified here by a 64-bit hash of it.
//
// Every report row (a path, a host, a browser...) counts the distinct
// visitors among its hits. Rows are many (every path of a site), so a row
// keeps its visitors exactly only while they are few (a sorted list of up to
// kExactLimit hashes) and then turns into a HyperLogLog of 2^12 registers
// (4 KB, standard error 1.6%). Whether a row ends exact or estimated depends
// only on how many distinct visitors it has in total, never on how the input
// was split, so any merge order gives the very same state.

#include <cstdint>
#include <string_view>
#include <vector>

#include "workers/base/ByteCodec.hpp"

namespace logmill::workers {

/// The visitor hash of (host, day, agent): stable across processes and
/// machines, well mixed in every bit. `day` is days since the epoch in the
/// server's local time (any fixed number when the time is unknown).
[[nodiscard]] std::uint64_t reportVisitorHash(std::string_view host, std::int64_t day,
                                              std::string_view agent) noexcept;

class ReportVisitorSketch {
 public:
  static constexpr std::size_t kExactLimit = 128;
  static constexpr int kPrecision = 12;
  static constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;
  /// Relative standard error of an estimated count: 1.04 / sqrt(kRegisters).
  static constexpr double kStandardError = 0.01625;

  void add(std::uint64_t hash);
  void merge(const ReportVisitorSketch& other);

  /// Distinct visitors: exact while isExact(), else the HyperLogLog estimate.
  [[nodiscard]] std::uint64_t count() const;
  [[nodiscard]] bool isExact() const { return m_registers.empty(); }

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on a truncated or inconsistent sketch.
  [[nodiscard]] static ReportVisitorSketch decode(ByteReader& r);

  friend bool operator==(const ReportVisitorSketch&, const ReportVisitorSketch&) = default;

 private:
  void makeEstimated();
  void addToRegisters(std::uint64_t hash);

  std::vector<std::uint64_t> m_exact;     ///< sorted distinct hashes while exact
  std::vector<std::uint8_t> m_registers;  ///< kRegisters ranks once estimated
};

}  // namespace logmill::workers
