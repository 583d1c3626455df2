#include <gtest/gtest.h>

#include <string>

#include "engine/PartialReducer.hpp"

namespace logmill::engine {
namespace {

using workers::Partial;

Partial hosts(int first, int n) {
  Partial p;
  for (int i = 0; i < n; ++i) p.add("h" + std::to_string(first + 3 * i), 1 + i % 4);
  p.stats().lines = static_cast<std::uint64_t>(n);
  p.sortGroups();
  return p;
}

TEST(PartialReducer, EncodedAndDecodedPartialsSumAsOneMerge) {
  Partial expected;
  PartialReducer reducer;
  // Sizes that make the reducer both merge as it decodes and stack runs.
  const int sizes[] = {2000, 10, 10, 500, 3, 4000, 1, 0, 700};
  for (int k = 0; k < 9; ++k) {
    Partial p = hosts(k, sizes[k]);
    expected.merge(p);
    if (k % 3 == 2) {
      reducer.push(std::move(p));
    } else {
      // As a worker's Result: the partial after a header the reducer skips.
      reducer.pushEncoded("header:" + p.encode(), 7);
    }
  }
  const Partial total = reducer.finish();
  EXPECT_EQ(total.stats(), expected.stats());
  EXPECT_EQ(total.groups().size(), expected.groups().size());
  for (const auto& [key, n] : expected.groups()) EXPECT_EQ(total.groups().at(key), n) << key;
}

TEST(PartialReducer, AnUndecodablePartialFailsTheTotal) {
  PartialReducer reducer;
  reducer.push(hosts(0, 5));
  std::string bytes = hosts(1, 5).encode();
  bytes.resize(bytes.size() - 3);
  reducer.pushEncoded(bytes, 0);
  reducer.push(hosts(2, 5));
  try {
    (void)reducer.finish();
    FAIL() << "a truncated partial was merged";
  } catch (const workers::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("partial"), std::string::npos) << e.what();
  }
}

TEST(PartialReducer, NothingPushedIsAnEmptyTotal) {
  PartialReducer reducer;
  EXPECT_EQ(reducer.finish(), Partial{});
}

}  // namespace
}  // namespace logmill::engine
