#pragma once
// HyperLogLog distinct counting (Flajolet et al. 2007) with precision 14:
// 16384 six-bit registers, standard error 1.04/sqrt(16384) = 0.81% at any
// cardinality. The estimate is Ertl's improved estimator ("New cardinality
// estimation algorithms for HyperLogLog sketches", 2017), which needs no
// empirical bias tables and is unbiased from 0 to far beyond 2^32.
//
// A sketch starts sparse (a sorted list of the non-zero registers, at most
// 8 KB) and turns dense (16 KB) only when that list would be larger, so
// thousands of small groups stay cheap. Both forms hold the same logical
// registers; merge is a register-wise max, so any merge order gives the very
// same registers and therefore the very same estimate.

#include <cstdint>
#include <string_view>
#include <vector>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/hash64.hpp"

namespace logmill::workers {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;
  static constexpr std::uint8_t kMaxRank = 64 - kPrecision + 1;
  /// Sparse entries kept before switching to the dense form.
  static constexpr std::size_t kSparseLimit = kRegisters / 8;
  /// Relative standard error of estimate(): 1.04 / sqrt(kRegisters).
  static constexpr double kStandardError = 0.008125;
  /// The largest estimate(). Registers near their maximum rank describe
  /// more values than any input holds; all at the maximum, the raw estimate
  /// is infinite.
  static constexpr double kMaxEstimate = 0x1p62;

  void add(std::string_view value) noexcept { addHash(hash64(value)); }
  void addHash(std::uint64_t hash) noexcept;
  void merge(const HyperLogLog& other);

  /// The estimated number of distinct values added, at most kMaxEstimate.
  [[nodiscard]] double estimate() const;
  [[nodiscard]] bool isSparse() const { return m_dense.empty(); }

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on a truncated or inconsistent sketch: a register
  /// above its maximum rank, or registers whose estimate reaches kMaxEstimate.
  [[nodiscard]] static HyperLogLog decode(ByteReader& r);

  /// Equal when the logical registers are, whatever the form.
  friend bool operator==(const HyperLogLog& a, const HyperLogLog& b);

 private:
  void set(std::uint32_t index, std::uint8_t rank);
  void makeDense();
  void checkEstimate(ByteReader& r) const;
  [[nodiscard]] std::vector<std::uint8_t> registers() const;

  std::vector<std::uint32_t> m_sparse;  ///< (index << 8) | rank, sorted by index
  std::vector<std::uint8_t> m_dense;    ///< kRegisters ranks, or empty while sparse
};

}  // namespace logmill::workers
