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

}  // namespace
}  // namespace logmill::workers
