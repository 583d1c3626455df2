// Partials decoded from bytes another machine wrote (`logmill merge`): the
// decoders must bound memory, validate sketch registers, and merges must
// detect counts that would wrap.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "workers/base/ByteCodec.hpp"
#include "workers/base/addCount.hpp"
#include "workers/map/Partial.hpp"
#include "workers/query/AggregateTable.hpp"
#include "workers/query/HyperLogLog.hpp"
#include "workers/report/ReportVisitors.hpp"

namespace logmill::workers {
namespace {

using ::testing::HasSubstr;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

/// A partial whose aggregate table has 64 slots and `rows` rows of empty
/// states: about 70 encoded bytes a row, over 5 KB a row once decoded.
Partial manyEmptySlots(int rows) {
  Partial p;
  p.aggregates() = AggregateTable(std::vector<Slot>(AggregateTable::kMaxSlots, Slot{}));
  for (int i = 0; i < rows; ++i) (void)p.aggregates().row(std::to_string(i));
  return p;
}

TEST(UntrustedPartial, DecodedMemoryIsBoundedByTheEncodingsSize) {
  const std::string bytes = manyEmptySlots(20000).encode();
  try {
    (void)Partial::decode(bytes);
    FAIL() << bytes.size() << " bytes decoded into ~100 MB";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("decoded size out of proportion to the encoding"),
              std::string::npos)
        << e.what();
  }
}

TEST(UntrustedPartial, ARealisticTableStaysWithinTheBudget) {
  Partial p;
  p.aggregates() = AggregateTable({Slot{SlotKind::Numbers, Field::Bytes}});
  for (int i = 0; i < 20000; ++i) {
    auto& stats =
        std::get<NumberStats>(p.aggregates().row("10.0.0." + std::to_string(i)).states[0]);
    stats.add(i * 7);
  }
  const std::string bytes = p.encode();
  EXPECT_EQ(Partial::decode(bytes), p);
  ByteReader r(bytes, "partial");
  r.charge(bytes.size() * ByteReader::kMemoryPerByte);
  EXPECT_THROW(r.charge(ByteReader::kMemorySlack + 1), DecodeError);
}

TEST(UntrustedPartial, AGroupCountThatWouldWrapIsAnError) {
  Partial a, b;
  a.add("GET", kMax);
  b.add("GET", 3993);
  EXPECT_THROW(a.merge(std::move(b)), CountOverflow);
  Partial c, d;
  c.add("GET", kMax);
  d.add("GET", 1);
  EXPECT_THROW(c.merge(d), CountOverflow);
}

TEST(UntrustedPartial, RunStatsThatWouldWrapAreAnError) {
  Partial a, b;
  a.stats().lines = kMax - 1;
  b.stats().lines = 2;
  EXPECT_THROW(a.merge(std::move(b)), CountOverflow);
}

TEST(UntrustedPartial, AggregateCountsThatWouldWrapAreAnError) {
  const std::vector<Slot> slots{Slot{SlotKind::Numbers, Field::Bytes}};
  AggregateTable a(slots), b(slots);
  a.row("k").count = kMax;
  b.row("k").count = 1;
  EXPECT_THROW(a.merge(b), CountOverflow);
  NumberStats x, y;
  x.n = kMax;
  y.n = 5;
  EXPECT_THROW(x.merge(y), CountOverflow);
}

TEST(UntrustedPartial, AddCountLeavesTheCountAsItWas) {
  std::uint64_t n = kMax - 2;
  EXPECT_THROW(addCount(n, 3), CountOverflow);
  EXPECT_EQ(n, kMax - 2);
  addCount(n, 2);
  EXPECT_EQ(n, kMax);
}

std::string denseSketch(std::uint8_t rank) {
  ByteWriter w;
  w.varint(1);
  w.raw(std::string(HyperLogLog::kRegisters, static_cast<char>(rank)));
  return w.take();
}

TEST(UntrustedPartial, HyperLogLogRegistersAtTheirMaximumAreCorrupt) {
  const std::string bytes = denseSketch(HyperLogLog::kMaxRank);
  ByteReader r(bytes, "sketch");
  EXPECT_THROW((void)HyperLogLog::decode(r), DecodeError);
}

TEST(UntrustedPartial, AHyperLogLogRegisterAboveItsMaximumIsCorrupt) {
  // 0x80 0x02 is the varint 256: read as a number and cast, it was rank 0.
  std::string bytes = denseSketch(0);
  bytes[1] = static_cast<char>(0x80);
  bytes[2] = 0x02;
  ByteReader r(bytes, "sketch");
  EXPECT_THROW((void)HyperLogLog::decode(r), DecodeError);
}

TEST(UntrustedPartial, ARealDenseSketchStillDecodes) {
  HyperLogLog h;
  for (int i = 0; i < 50000; ++i) h.add("host-" + std::to_string(i));
  ASSERT_FALSE(h.isSparse());
  ByteWriter w;
  h.encode(w);
  const std::string bytes = w.take();
  ByteReader r(bytes, "sketch");
  EXPECT_EQ(HyperLogLog::decode(r), h);
}

TEST(UntrustedPartial, AMergedSaturatedHyperLogLogHasAFiniteEstimate) {
  // Each value sets one register to the maximum rank (the hash's low bits
  // all zero): every register saturated, the raw estimate is infinite.
  HyperLogLog h;
  for (std::uint64_t i = 0; i < HyperLogLog::kRegisters; ++i) {
    h.addHash(i << (64 - HyperLogLog::kPrecision));
  }
  EXPECT_EQ(h.estimate(), HyperLogLog::kMaxEstimate);
}

TEST(UntrustedPartial, SaturatedVisitorRegistersCountAtMostTwoToThe62) {
  ByteWriter w;
  w.varint(ReportVisitorSketch::kRegistersMark);
  w.bytes(std::string(ReportVisitorSketch::kRegisters, static_cast<char>(64 - 12 + 1)));
  const std::string bytes = w.take();
  ByteReader r(bytes, "visitors");
  const ReportVisitorSketch s = ReportVisitorSketch::decode(r);
  EXPECT_EQ(s.count(), std::uint64_t{1} << 62);
}

std::string visitorFailure(const std::string& bytes) {
  ByteReader r(bytes, "visitors");
  try {
    (void)ReportVisitorSketch::decode(r);
  } catch (const DecodeError& e) {
    return e.what();
  }
  return "";
}

TEST(UntrustedPartial, LargeVisitorSetsAreCheckedBeforeTheyAreBuilt) {
  const auto largeSet = [](std::uint64_t declared, std::uint64_t n, std::uint64_t delta) {
    ByteWriter w;
    w.varint(ReportVisitorSketch::kLargeMark);
    w.varint(declared);
    for (std::uint64_t i = 0; i < n; ++i) w.varint(i == 0 ? 1 : delta);
    return w.take();
  };
  // A count the message cannot hold, a duplicate, a large set of few, and
  // tiny deltas that would build far more memory than the file holds.
  EXPECT_THAT(visitorFailure(largeSet(1u << 30, 200, 1 << 20)),
              HasSubstr("element count exceeds the message"));
  EXPECT_THAT(visitorFailure(largeSet(200, 200, 0)), HasSubstr("not strictly increasing"));
  EXPECT_THAT(visitorFailure(largeSet(100, 100, 7)), HasSubstr("a large visitor set of few"));
  EXPECT_THAT(visitorFailure(largeSet(400000, 400000, 1)), HasSubstr("out of proportion"));
  // Hashes that pass 2^64 overflow.
  ByteWriter w;
  w.varint(ReportVisitorSketch::kLargeMark);
  w.varint(130);
  w.varint(~std::uint64_t{0} - 5);
  for (int i = 1; i < 130; ++i) w.varint(1);
  EXPECT_THAT(visitorFailure(w.take()), HasSubstr("visitor hash overflows"));
  // And a sound one decodes.
  EXPECT_EQ(visitorFailure(largeSet(300, 300, 1000)), "");
}

}  // namespace
}  // namespace logmill::workers
