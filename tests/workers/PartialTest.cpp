#include <gtest/gtest.h>

#include "workers/base/ByteCodec.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::workers {
namespace {

Partial sample(int variant) {
  Partial p;
  p.add("1.2.3.4", 3 + variant);
  p.add("host-" + std::to_string(variant), 1);
  p.add(std::string("nul\0key", 7), 2);
  p.stats().files = 1;
  p.stats().lines = 100 + variant;
  p.stats().parsed = 90;
  p.stats().malformed = 10 + variant;
  p.errors().push_back({"f" + std::to_string(variant), "f: truncated gzip stream at byte 9"});
  return p;
}

TEST(Partial, EncodeDecodeRoundTrip) {
  const Partial p = sample(1);
  EXPECT_EQ(Partial::decode(p.encode()), p);
  EXPECT_EQ(Partial::decode(Partial{}.encode()), Partial{});
}

TEST(Partial, ReservingRoomChangesNoByte) {
  const Partial p = sample(1);
  EXPECT_EQ(p.encode(std::size_t{1} << 20), p.encode());
  EXPECT_EQ(p.encode(3), p.encode());
}

TEST(Partial, MergeAddsCountsStatsAndErrors) {
  Partial a = sample(0);
  a.merge(sample(1));
  EXPECT_EQ(a.groups().at("1.2.3.4"), 7u);
  EXPECT_EQ(a.groups().at("host-0"), 1u);
  EXPECT_EQ(a.groups().at("host-1"), 1u);
  EXPECT_EQ(a.groups().at(std::string("nul\0key", 7)), 4u);
  EXPECT_EQ(a.stats().lines, 201u);
  EXPECT_EQ(a.stats().files, 2u);
  EXPECT_EQ(a.errors().size(), 2u);
}

TEST(Partial, MergeIsAssociativeAndCommutative) {
  Partial ab = sample(0), ba = sample(2), grouped = sample(0);
  ab.merge(sample(2));
  ab.merge(sample(3));
  ba.merge(sample(3));
  ba.merge(sample(0));
  Partial rest = sample(2);
  rest.merge(sample(3));
  grouped.merge(std::move(rest));
  EXPECT_EQ(ab.groups(), ba.groups());
  EXPECT_EQ(ab.groups(), grouped.groups());
  EXPECT_EQ(ab.stats(), grouped.stats());
}

TEST(Partial, EveryTruncationIsRejected) {
  const std::string bytes = sample(1).encode();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW((void)Partial::decode(bytes.substr(0, n)), DecodeError) << "length " << n;
  }
}

TEST(Partial, CorruptionNeverReadsOutOfBounds) {
  const std::string bytes = sample(1).encode();
  // Flip each byte to a few values: decode either throws DecodeError or
  // returns a Partial that is whole (it encodes and decodes to itself);
  // under ASan this also proves no out-of-bounds read.
  std::size_t rejected = 0, changed = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char v : {0x00, 0x7f, 0x80, 0xff}) {
      std::string b = bytes;
      if (b[i] == static_cast<char>(v)) continue;
      b[i] = static_cast<char>(v);
      ++changed;
      try {
        const Partial p = Partial::decode(b);
        EXPECT_EQ(Partial::decode(p.encode()), p) << "byte " << i << " = " << unsigned(v);
      } catch (const DecodeError&) {
        ++rejected;
      }
    }
  }
  EXPECT_GT(changed, 0u);
  EXPECT_GT(rejected, 0u);  // the format's own checks catch damage, not just luck
}

TEST(Partial, HugeDeclaredCountIsRejectedWithoutAllocating) {
  ByteWriter w;
  w.raw("LMP");
  w.varint(6);  // the current version
  for (int i = 0; i < 9; ++i) w.varint(0);
  w.varint(0);           // errors
  w.varint(1ull << 60);  // absurd group count
  try {
    (void)Partial::decode(w.take());
    FAIL() << "decoded an absurd count";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("element count exceeds the message"), std::string::npos);
  }
}

TEST(Partial, ForeignBytesAreRejected) {
  try {
    (void)Partial::decode("GIF89a....");
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_STREQ(e.what(), "corrupt partial: bad magic (not a logmill encoding) at byte 0");
  }
}

TEST(Partial, PreviousReleasesVersion4StillReads) {
  // Version 4 (stores and --emit-partial files of the previous release):
  // groups whole and in any order, a report without bots or durations.
  ByteWriter w;
  w.raw("LMP");
  w.varint(4);
  for (int i = 0; i < 9; ++i) w.varint(i == 4 ? 3 : 0);  // 3 lines
  w.varint(0);                                           // errors
  w.varint(2);                                           // groups, not in key order
  w.bytes("b");
  w.varint(1);
  w.bytes("a");
  w.varint(2);
  w.varint(0);  // no report
  w.varint(0);  // an empty aggregate table: no slots,
  w.varint(0);  // no rows
  const Partial p = Partial::decode(w.take());
  EXPECT_EQ(p.stats().lines, 3u);
  ASSERT_EQ(p.groups().size(), 2u);
  const Partial again = Partial::decode(p.encode());  // and it is written as the current version
  ASSERT_EQ(again.groups().size(), 2u);
  std::uint64_t a = 0, b = 0;
  for (const auto& [key, n] : again.groups()) (key == "a" ? a : b) = n;
  EXPECT_EQ(a, 2u);
  EXPECT_EQ(b, 1u);
}

TEST(Partial, UnreleasedVersion5IsRefused) {
  ByteWriter w;
  w.raw("LMP");
  w.varint(5);
  try {
    (void)Partial::decode(w.take());
    FAIL() << "decoded version 5";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("unsupported version"), std::string::npos);
  }
}

}  // namespace
}  // namespace logmill::workers
