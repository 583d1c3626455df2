#include "workers/query/QuantileSketch.hpp"

#include <algorithm>
#include <bit>

#include "workers/base/Int128.hpp"
#include "workers/base/addCount.hpp"

namespace logmill::workers {
namespace {

/// Bucket of a magnitude u (< 2^63) at precision s: u itself below 2^s, else
/// (octave above s, top s bits), which orders like u.
std::int64_t magnitudeIndex(std::uint64_t u, int s) {
  if (u < (std::uint64_t{1} << s)) return static_cast<std::int64_t>(u);
  const int e = std::bit_width(u) - s;
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(e) << s) + (u >> e));
}

/// Negative values mirror the positive ones (v < 0 has magnitude -v-1), so
/// the index is monotone over all of int64.
std::int64_t bucketIndex(std::int64_t v, int s) {
  if (v >= 0) return magnitudeIndex(static_cast<std::uint64_t>(v), s);
  return -1 - magnitudeIndex(~static_cast<std::uint64_t>(v), s);
}

struct Range {
  std::int64_t lo, hi;
};

/// The values in bucket `index` at precision s; nullopt if no value maps to
/// that index (possible only in a corrupt encoding).
std::optional<Range> bucketRange(std::int64_t index, int s) {
  const bool negative = index < 0;
  const auto i = static_cast<std::uint64_t>(negative ? -1 - index : index);
  std::uint64_t lo = i, hi = i;
  if (i >= (std::uint64_t{1} << s)) {
    const std::uint64_t e = i >> s, top = i & ((std::uint64_t{1} << s) - 1);
    // A magnitude has at most 63 bits, and its top s bits start with a one.
    if (e > static_cast<std::uint64_t>(63 - s) || top < (std::uint64_t{1} << (s - 1)))
      return std::nullopt;
    lo = top << e;
    hi = lo + ((std::uint64_t{1} << e) - 1);
  }
  if (negative) return Range{static_cast<std::int64_t>(~hi), static_cast<std::int64_t>(~lo)};
  return Range{static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi)};
}

std::int64_t midpoint(Range r) {
  return r.lo + static_cast<std::int64_t>(
                    (static_cast<std::uint64_t>(r.hi) - static_cast<std::uint64_t>(r.lo)) / 2);
}

// Indices are below 2^47 in magnitude; this bound keeps decode arithmetic safe.
constexpr std::int64_t kIndexLimit = std::int64_t{1} << 50;

}  // namespace

void QuantileSketch::add(std::int64_t value, std::uint64_t count) {
  const std::int64_t index = bucketIndex(value, m_precision);
  auto it = std::lower_bound(m_buckets.begin(), m_buckets.end(), index,
                             [](const Bucket& b, std::int64_t i) { return b.first < i; });
  if (it != m_buckets.end() && it->first == index) {
    it->second += count;
  } else {
    m_buckets.insert(it, {index, count});
  }
  m_count += count;
  if (m_buckets.size() > kMaxBuckets) shrinkToFit();
}

void QuantileSketch::coarsenTo(int precision) {
  if (precision >= m_precision) return;
  std::size_t out = 0;
  for (std::size_t i = 0; i < m_buckets.size(); ++i) {
    // The partitions nest, so the whole old bucket lands in one new bucket.
    const std::int64_t index =
        bucketIndex(bucketRange(m_buckets[i].first, m_precision)->lo, precision);
    if (out > 0 && m_buckets[out - 1].first == index) {
      m_buckets[out - 1].second += m_buckets[i].second;
    } else {
      m_buckets[out++] = {index, m_buckets[i].second};
    }
  }
  m_buckets.resize(out);
  m_precision = precision;
}

void QuantileSketch::shrinkToFit() {
  // At precision 1 there are at most 128 buckets, so this ends well above it.
  while (m_buckets.size() > kMaxBuckets && m_precision > 1) coarsenTo(m_precision - 1);
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (other.m_buckets.empty()) return;
  // Checked first: bucket counts sum to m_count, so none of them can
  // overflow once the total does not.
  std::uint64_t total = m_count;
  addCount(total, other.m_count);
  const int precision = std::min(m_precision, other.m_precision);
  coarsenTo(precision);
  QuantileSketch coarser;
  const QuantileSketch* from = &other;
  if (other.m_precision > precision) {
    coarser = other;
    coarser.coarsenTo(precision);
    from = &coarser;
  }
  std::vector<Bucket> out;
  out.reserve(m_buckets.size() + from->m_buckets.size());
  auto a = m_buckets.cbegin();
  auto b = from->m_buckets.cbegin();
  while (a != m_buckets.cend() || b != from->m_buckets.end()) {
    if (b == from->m_buckets.end() || (a != m_buckets.cend() && a->first < b->first)) {
      out.push_back(*a++);
    } else if (a == m_buckets.cend() || b->first < a->first) {
      out.push_back(*b++);
    } else {
      out.push_back({a->first, a->second + b->second});
      ++a, ++b;
    }
  }
  m_buckets = std::move(out);
  m_count = total;
  shrinkToFit();
}

std::optional<std::int64_t> QuantileSketch::percentile(unsigned percent) const {
  if (m_count == 0) return std::nullopt;
  const auto rank =
      static_cast<std::uint64_t>((static_cast<UInt128>(percent) * m_count + 99) / 100);
  std::uint64_t seen = 0;
  for (const auto& [index, n] : m_buckets) {
    seen += n;
    if (seen >= rank) return midpoint(*bucketRange(index, m_precision));
  }
  return midpoint(*bucketRange(m_buckets.back().first, m_precision));
}

void QuantileSketch::encode(ByteWriter& w) const {
  w.varint(static_cast<std::uint64_t>(m_precision));
  w.varint(m_buckets.size());
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < m_buckets.size(); ++i) {
    const std::int64_t index = m_buckets[i].first;
    if (i == 0) {
      w.varint((static_cast<std::uint64_t>(index) << 1) ^ static_cast<std::uint64_t>(index >> 63));
    } else {
      w.varint(static_cast<std::uint64_t>(index - previous));
    }
    w.varint(m_buckets[i].second);
    previous = index;
  }
}

QuantileSketch QuantileSketch::decode(ByteReader& r) {
  QuantileSketch q;
  const std::uint64_t precision = r.varint();
  if (precision < 1 || precision > kMaxPrecision) r.fail("quantile sketch precision out of range");
  q.m_precision = static_cast<int>(precision);
  const std::uint64_t n = r.count(2);
  if (n > kMaxBuckets) r.fail("quantile sketch has too many buckets");
  r.charge(n * sizeof(Bucket));
  q.m_buckets.reserve(n);
  std::int64_t index = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t v = r.varint();
    if (i == 0) {
      index = static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    } else {
      if (v == 0 || v > static_cast<std::uint64_t>(kIndexLimit))
        r.fail("quantile sketch buckets out of order");
      index += static_cast<std::int64_t>(v);
    }
    if (index > kIndexLimit || index < -kIndexLimit || !bucketRange(index, q.m_precision)) {
      r.fail("quantile sketch bucket out of range");
    }
    const std::uint64_t count = r.varint();
    if (count == 0 || __builtin_add_overflow(q.m_count, count, &q.m_count)) {
      r.fail("quantile sketch bucket count out of range");
    }
    q.m_buckets.emplace_back(index, count);
  }
  return q;
}

}  // namespace logmill::workers
