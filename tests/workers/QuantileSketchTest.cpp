#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "workers/query/QuantileSketch.hpp"

namespace logmill::workers {
namespace {

/// The nearest-rank percentile of `values` (sorted here): the definition the
/// sketch promises, computed the obvious way.
std::int64_t nearestRank(std::vector<std::int64_t> values, unsigned percent) {
  std::sort(values.begin(), values.end());
  const std::size_t rank = (percent * values.size() + 99) / 100;
  return values[rank - 1];
}

QuantileSketch sketchOf(const std::vector<std::int64_t>& values) {
  QuantileSketch s;
  for (std::int64_t v : values) s.add(v);
  return s;
}

/// Checks every percentile against the exact answer: within half a bucket,
/// i.e. a relative error of 2^-precision. Returns the worst relative error.
double checkBound(std::vector<std::int64_t> values, const QuantileSketch& s) {
  std::sort(values.begin(), values.end());
  double worst = 0;
  const double bound = std::ldexp(1.0, -s.precision());
  for (unsigned p = 1; p <= 99; ++p) {
    const auto exact = static_cast<double>(values[(p * values.size() + 99) / 100 - 1]);
    const auto got = static_cast<double>(*s.percentile(p));
    const double err = std::abs(got - exact) / std::max(1.0, std::abs(exact));
    EXPECT_LE(err, bound) << "p" << p << " exact " << exact << " got " << got;
    worst = std::max(worst, err);
  }
  return worst;
}

TEST(QuantileSketch, ExactWhileFewDistinctValues) {
  std::mt19937_64 rng(1);
  std::vector<std::int64_t> values;
  for (int i = 0; i < 20000; ++i) values.push_back(static_cast<std::int64_t>(rng() % 3000) * 977);
  const QuantileSketch s = sketchOf(values);
  EXPECT_EQ(s.precision(), QuantileSketch::kMaxPrecision);
  EXPECT_EQ(s.count(), values.size());
  for (unsigned p : {1u, 50u, 90u, 95u, 99u, 100u})
    EXPECT_EQ(*s.percentile(p), nearestRank(values, p)) << p;
}

TEST(QuantileSketch, EmptyAndSingleValue) {
  QuantileSketch s;
  EXPECT_FALSE(s.percentile(50).has_value());
  s.add(-7);
  EXPECT_EQ(*s.percentile(1), -7);
  EXPECT_EQ(*s.percentile(100), -7);
}

TEST(QuantileSketch, NegativeAndHugeValuesKeepTheirOrder) {
  const std::vector<std::int64_t> values = {INT64_MIN, -5'000'000'000'000,    -3,       -1, 0, 1,
                                            2,         1'000'000'000'000'000, INT64_MAX};
  const QuantileSketch s = sketchOf(values);
  std::int64_t previous = INT64_MIN;
  for (unsigned p = 1; p <= 100; ++p) {
    const std::int64_t v = *s.percentile(p);
    EXPECT_GE(v, previous) << p;
    previous = v;
  }
  EXPECT_EQ(*s.percentile(50), 0);
  checkBound(values, s);
}

TEST(QuantileSketch, UniformValuesWithinTheBound) {
  std::mt19937_64 rng(2);
  std::vector<std::int64_t> values;
  for (int i = 0; i < 1'000'000; ++i)
    values.push_back(static_cast<std::int64_t>(rng() % 1'000'000'000));
  const QuantileSketch s = sketchOf(values);
  EXPECT_LE(s.buckets(), QuantileSketch::kMaxBuckets);
  EXPECT_GE(s.precision(), 9);  // ~12 well-filled octaves share 4096 buckets
  EXPECT_LE(checkBound(values, s), 1.0 / 512);
}

TEST(QuantileSketch, HeavyTailedValuesWithinTheBound) {
  // Pareto(alpha 1.1) sizes from 100 bytes: most small, a few in the terabytes.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::int64_t> values;
  for (int i = 0; i < 1'000'000; ++i) {
    values.push_back(static_cast<std::int64_t>(100.0 / std::pow(1.0 - u(rng), 1.0 / 1.1)));
  }
  const QuantileSketch s = sketchOf(values);
  EXPECT_GE(s.precision(), 8);  // <= 0.4% across ~30 octaves
  EXPECT_LE(checkBound(values, s), 1.0 / 256);
}

TEST(QuantileSketch, InstantsOverADayWithinAMinute) {
  std::mt19937_64 rng(4);
  const std::int64_t start = 1431856800;  // 2015-05-17T10:00:00Z
  std::vector<std::int64_t> values;
  for (int i = 0; i < 300'000; ++i)
    values.push_back(start + static_cast<std::int64_t>(rng() % 86400));
  const QuantileSketch s = sketchOf(values);
  for (unsigned p : {1u, 25u, 50u, 90u, 95u, 99u}) {
    EXPECT_LE(std::abs(*s.percentile(p) - nearestRank(values, p)), 64) << p;
  }
}

TEST(QuantileSketch, MergeOfAnySplitEqualsOnePass) {
  std::mt19937_64 rng(5);
  std::vector<std::int64_t> values;
  for (int i = 0; i < 200'000; ++i) {
    values.push_back(static_cast<std::int64_t>(rng() % (i % 2 ? 1'000'000 : 10'000'000'000)) -
                     1000);
  }
  const QuantileSketch whole = sketchOf(values);
  EXPECT_LT(whole.precision(), QuantileSketch::kMaxPrecision);  // the coarsening path ran
  for (int trial = 0; trial < 8; ++trial) {
    const std::size_t parts = 2 + rng() % 9;
    std::vector<QuantileSketch> sketches(parts);
    for (std::int64_t v : values) sketches[rng() % parts].add(v);
    std::shuffle(sketches.begin(), sketches.end(), rng);
    // Reduce as a random tree: merge two random sketches until one is left.
    while (sketches.size() > 1) {
      const std::size_t a = rng() % sketches.size();
      std::size_t b = rng() % (sketches.size() - 1);
      if (b >= a) ++b;
      sketches[a].merge(sketches[b]);
      sketches.erase(sketches.begin() + static_cast<std::ptrdiff_t>(b));
    }
    EXPECT_EQ(sketches.front(), whole) << "trial " << trial;
  }
}

TEST(QuantileSketch, EncodeDecodeRoundTripAndRejectsDamage) {
  std::mt19937_64 rng(6);
  QuantileSketch s;
  for (int i = 0; i < 50'000; ++i) s.add(static_cast<std::int64_t>(rng() % 100'000'000) - 500);
  ByteWriter w;
  s.encode(w);
  const std::string bytes = w.take();
  ByteReader r(bytes, "sketch");
  EXPECT_EQ(QuantileSketch::decode(r), s);
  EXPECT_EQ(r.remaining(), 0u);
  for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 64) {
    ByteReader cut(std::string_view(bytes).substr(0, n), "sketch");
    EXPECT_THROW((void)QuantileSketch::decode(cut), DecodeError) << n;
  }
  ByteWriter bad;
  bad.varint(41);  // precision above the maximum
  bad.varint(0);
  const std::string badBytes = bad.take();
  ByteReader badReader(badBytes, "sketch");
  EXPECT_THROW((void)QuantileSketch::decode(badReader), DecodeError);
}

TEST(QuantileSketch, DecodeRejectsOutOfOrderAndImpossibleBuckets) {
  const auto decodeOf = [](std::initializer_list<std::uint64_t> varints) {
    ByteWriter w;
    for (std::uint64_t v : varints) w.varint(v);
    const std::string bytes = w.take();
    ByteReader r(bytes, "sketch");
    return QuantileSketch::decode(r);
  };
  EXPECT_NO_THROW((void)decodeOf({10, 2, 4, 1, 2, 1}));            // values 2 and 4 at precision 10
  EXPECT_THROW((void)decodeOf({10, 2, 4, 1, 0, 1}), DecodeError);  // the same index twice
  EXPECT_THROW((void)decodeOf({10, 1, 4, 0}), DecodeError);        // a zero count
  // Precision 10: index 1024 + 100 has top bits 100 < 512: no value maps there.
  EXPECT_THROW((void)decodeOf({10, 1, 2 * (1024 + 100), 1}), DecodeError);
  EXPECT_THROW((void)decodeOf({10, 1000000, 4, 1}), DecodeError);  // count beyond the bytes
}

}  // namespace
}  // namespace logmill::workers
