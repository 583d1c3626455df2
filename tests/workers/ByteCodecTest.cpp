#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "workers/base/ByteCodec.hpp"

namespace logmill::workers {
namespace {

TEST(ByteCodec, SignedVarintsRoundTripAndSmallNegativesStayShort) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  const std::int64_t values[] = {0, 1, -1, 63, -64, 64, -65, -86400, 1'700'000'000, kMin, kMax};
  ByteWriter w;
  for (const std::int64_t v : values) w.signedVarint(v);
  const std::string bytes = w.take();
  ByteReader r(bytes, "test");
  for (const std::int64_t v : values) EXPECT_EQ(r.signedVarint(), v);
  r.finish();

  for (const std::int64_t v : {std::int64_t{-64}, std::int64_t{63}}) {
    ByteWriter one;
    one.signedVarint(v);
    EXPECT_EQ(one.take().size(), 1u) << v;
  }
}

TEST(ByteCodec, ATruncatedSignedVarintIsADecodeError) {
  ByteWriter w;
  w.signedVarint(-1'000'000);
  std::string bytes = w.take();
  bytes.pop_back();
  ByteReader r(bytes, "test");
  EXPECT_THROW(r.signedVarint(), DecodeError);
}

TEST(ByteCodec, WritesAcrossBufferGrowthReadBackInOrder) {
  // Numbers and strings of every length class, past a small reserve and
  // past several of the writer's growth steps, with and without reserve().
  for (const std::size_t reserve : {std::size_t{0}, std::size_t{100}, std::size_t{1} << 20}) {
    ByteWriter w;
    w.reserve(reserve);
    std::string expected;
    for (std::uint64_t i = 0; i < 40'000; ++i) {
      const std::uint64_t v = i * 0x9e3779b97f4a7c15ULL >> (i % 64);
      w.varint(v);
      const std::string s(i % 300, static_cast<char>('a' + i % 26));
      w.bytes(s);
      w.raw("");
    }
    const std::string bytes = w.take();
    ByteReader r(bytes, "test");
    for (std::uint64_t i = 0; i < 40'000; ++i) {
      ASSERT_EQ(r.varint(), i * 0x9e3779b97f4a7c15ULL >> (i % 64)) << i;
      ASSERT_EQ(r.bytes(), std::string(i % 300, static_cast<char>('a' + i % 26))) << i;
    }
    r.finish();
    EXPECT_TRUE(w.take().empty()) << "take() leaves an empty writer";
  }
}

TEST(ByteCodec, AVarintIsLittleEndianBase128) {
  ByteWriter w;
  w.varint(0);
  w.varint(127);
  w.varint(128);
  w.varint(~std::uint64_t{0});
  EXPECT_EQ(w.take(), std::string("\x00\x7f\x80\x01", 4) + std::string(9, '\xff') + "\x01");
}

}  // namespace
}  // namespace logmill::workers
