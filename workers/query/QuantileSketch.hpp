#pragma once
// A mergeable quantile sketch whose merge is exact: the same multiset of
// values gives the same sketch in any insertion or merge order, so p95 is
// byte-identical across pools and -j (t-digest and KLL cannot promise that).
//
// It is a counted histogram over log-linear buckets (like HdrHistogram) at a
// precision of s bits: every value below 2^s has a bucket of its own, and the
// octave [2^k, 2^(k+1)) for k >= s is cut into 2^(s-1) equal buckets. It
// starts at s = 40, so it is an exact multiset while a group has at most
// kMaxBuckets distinct values (every byte size or instant below 2^40). When a
// group has more, s drops one bit at a time (buckets pair up; the partitions
// nest) until kMaxBuckets suffice. The precision reached depends only on the
// values, never on the order, which is what makes merge exact.
//
// Accuracy: bucket counts are exact, so a quantile's rank is exact and the
// answer is the midpoint of the bucket holding the true value: off by at most
// half a bucket, a relative error <= 2^-s. Byte sizes over ~20 octaves keep
// s >= 8 (<= 0.4%); instants spanning D seconds are off by < D / 2048 (a
// day: < 64 s; a month: < 35 min); up to 4096 distinct values: exact.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "workers/base/ByteCodec.hpp"

namespace logmill::workers {

class QuantileSketch {
 public:
  static constexpr int kMaxPrecision = 40;
  static constexpr std::size_t kMaxBuckets = 4096;

  void add(std::int64_t value) { add(value, 1); }
  void add(std::int64_t value, std::uint64_t count);
  void merge(const QuantileSketch& other);

  [[nodiscard]] std::uint64_t count() const { return m_count; }
  [[nodiscard]] int precision() const { return m_precision; }
  [[nodiscard]] std::size_t buckets() const { return m_buckets.size(); }

  /// The nearest-rank `percent`-th percentile: the value at rank
  /// ceil(percent/100 * count) in sorted order (exact while precision() is
  /// kMaxPrecision and values are below 2^40), else that bucket's midpoint.
  /// nullopt when empty. `percent` is 1..100.
  [[nodiscard]] std::optional<std::int64_t> percentile(unsigned percent) const;

  void encode(ByteWriter& w) const;
  /// Throws DecodeError on a truncated or inconsistent sketch.
  [[nodiscard]] static QuantileSketch decode(ByteReader& r);

  friend bool operator==(const QuantileSketch&, const QuantileSketch&) = default;

 private:
  using Bucket = std::pair<std::int64_t, std::uint64_t>;  ///< index, count

  void coarsenTo(int precision);
  void shrinkToFit();

  int m_precision = kMaxPrecision;
  std::uint64_t m_count = 0;
  std::vector<Bucket> m_buckets;  ///< sorted by index, counts > 0
};

}  // namespace logmill::workers
