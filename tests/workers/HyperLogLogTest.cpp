#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "workers/query/HyperLogLog.hpp"

namespace logmill::workers {
namespace {

std::string ipv4(std::uint64_t i) {
  return std::to_string(10 + i / 16777216 % 200) + "." + std::to_string(i / 65536 % 256) + "." +
         std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
}

/// Relative error of the estimate for `n` distinct values made by `make`.
template <typename Make>
double relativeError(std::uint64_t n, Make make) {
  HyperLogLog h;
  for (std::uint64_t i = 0; i < n; ++i) h.add(make(i));
  return (h.estimate() - static_cast<double>(n)) / static_cast<double>(n);
}

TEST(HyperLogLog, SmallCardinalitiesAreNearlyExact) {
  EXPECT_EQ(HyperLogLog{}.estimate(), 0.0);
  for (std::uint64_t n : {1u, 2u, 10u, 100u, 1000u}) {
    HyperLogLog h;
    for (std::uint64_t i = 0; i < n; ++i) h.add(ipv4(i));
    EXPECT_NEAR(h.estimate(), static_cast<double>(n), 0.01 * static_cast<double>(n) + 0.5) << n;
    EXPECT_TRUE(h.isSparse()) << n;
  }
}

TEST(HyperLogLog, DuplicatesDoNotCount) {
  HyperLogLog once, many;
  for (int i = 0; i < 5000; ++i) once.add(ipv4(static_cast<std::uint64_t>(i)));
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 5000; ++i) many.add(ipv4(static_cast<std::uint64_t>(i)));
  }
  EXPECT_EQ(once, many);
  EXPECT_EQ(once.estimate(), many.estimate());
}

// The standard error is 0.81%; each case must land within 3 sigma. The inputs
// are fixed, so the test is deterministic; several kinds of value guard
// against a hash that happens to suit one pattern.
TEST(HyperLogLog, HundredThousandWithinThreeSigma) {
  const double bound = 3 * HyperLogLog::kStandardError;
  EXPECT_LE(std::abs(relativeError(100'000, ipv4)), bound);
  EXPECT_LE(std::abs(relativeError(100'000, [](std::uint64_t i) { return std::to_string(i); })),
            bound);
  EXPECT_LE(
      std::abs(relativeError(
          100'000, [](std::uint64_t i) { return "/p/" + std::to_string(i * 7919) + ".html"; })),
      bound);
}

TEST(HyperLogLog, MillionWithinThreeSigma) {
  const double bound = 3 * HyperLogLog::kStandardError;
  EXPECT_LE(std::abs(relativeError(1'000'000, ipv4)), bound);
  EXPECT_LE(std::abs(relativeError(
                1'000'000, [](std::uint64_t i) { return std::to_string(i + 5'000'000'000); })),
            bound);
}

TEST(HyperLogLog, ErrorOverManyRunsMatchesTheStandardError) {
  // 40 disjoint sets of 20000: the spread of the errors is ~0.81%.
  double sumSquares = 0;
  for (int run = 0; run < 40; ++run) {
    const double e = relativeError(
        20'000, [run](std::uint64_t i) { return std::to_string(run) + ":" + std::to_string(i); });
    sumSquares += e * e;
  }
  const double rms = std::sqrt(sumSquares / 40);
  EXPECT_LT(rms, 1.5 * HyperLogLog::kStandardError);
  EXPECT_GT(rms, 0.4 * HyperLogLog::kStandardError);  // not suspiciously exact either
}

TEST(HyperLogLog, MergeOfAnySplitEqualsOnePass) {
  std::mt19937_64 rng(9);
  for (std::uint64_t n : {300u, 3000u, 100'000u}) {  // sparse+sparse, sparse->dense, dense
    HyperLogLog whole;
    std::vector<HyperLogLog> parts(1 + rng() % 6);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string v = ipv4(rng() % (2 * n));
      whole.add(v);
      parts[rng() % parts.size()].add(v);
    }
    HyperLogLog merged;
    for (std::size_t i = parts.size(); i-- > 0;) merged.merge(parts[i]);
    EXPECT_EQ(merged, whole) << n;
    EXPECT_EQ(merged.estimate(), whole.estimate()) << n;
  }
}

TEST(HyperLogLog, EncodeDecodeRoundTripBothForms) {
  for (std::uint64_t n : {0u, 50u, 50'000u}) {
    HyperLogLog h;
    for (std::uint64_t i = 0; i < n; ++i) h.add(ipv4(i));
    ByteWriter w;
    h.encode(w);
    const std::string bytes = w.take();
    ByteReader r(bytes, "hll");
    const HyperLogLog back = HyperLogLog::decode(r);
    EXPECT_EQ(back, h);
    EXPECT_EQ(back.isSparse(), h.isSparse());
    EXPECT_EQ(r.remaining(), 0u);
    for (std::size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 16) {
      ByteReader truncated(std::string_view(bytes).substr(0, cut), "hll");
      EXPECT_THROW((void)HyperLogLog::decode(truncated), DecodeError) << n << " cut at " << cut;
    }
  }
}

TEST(HyperLogLog, DecodeRejectsBadRanksAndOrder) {
  const auto decodeOf = [](std::initializer_list<std::uint64_t> varints) {
    ByteWriter w;
    for (std::uint64_t v : varints) w.varint(v);
    const std::string bytes = w.take();
    ByteReader r(bytes, "hll");
    return HyperLogLog::decode(r);
  };
  EXPECT_NO_THROW((void)decodeOf({0, 2, 5, 3, 1, 51}));
  EXPECT_THROW((void)decodeOf({0, 2, 5, 3, 0, 4}), DecodeError);  // index repeated
  EXPECT_THROW((void)decodeOf({0, 1, 5, 52}), DecodeError);       // rank above 51
  EXPECT_THROW((void)decodeOf({0, 1, 16384, 1}), DecodeError);    // index out of range
  EXPECT_THROW((void)decodeOf({2}), DecodeError);                 // unknown form
  EXPECT_THROW((void)decodeOf({1, 0, 0, 0}), DecodeError);        // dense but short
}

TEST(HyperLogLog, HashIsStableAcrossBuilds) {
  // A pinned value: a partial written by one machine merges on another.
  EXPECT_EQ(hash64(""), hash64(std::string_view()));
  EXPECT_NE(hash64("a"), hash64("b"));
  EXPECT_NE(hash64(std::string("\0", 1)), hash64(""));
  EXPECT_EQ(hash64("66.249.73.135"), 6752281637983650104u);
}

}  // namespace
}  // namespace logmill::workers
