#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "workers/base/LookupRing.hpp"

namespace logmill::workers {
namespace {

struct Item {
  std::uint64_t hash = 0;
};

TEST(LookupRing, AppliesInStagingOrderAndPrefetchesEachStageAtItsLag) {
  using Ring = LookupRing<Item>;
  for (std::uint64_t n = 0; n <= 3 * Ring::kAhead + 1; ++n) {
    Ring ring;
    std::vector<std::uint64_t> applied;
    std::vector<std::tuple<std::uint64_t, std::uint64_t, LookupStage>>
        prefetched;  // at, hash, stage
    const auto apply = [&](const Item& item) { applied.push_back(item.hash); };
    for (std::uint64_t i = 0; i < n; ++i) {
      ring.next(apply).hash = i;
      ring.push(
          [&](std::uint64_t hash, LookupStage stage) { prefetched.emplace_back(i, hash, stage); });
      EXPECT_EQ(ring.pending(), std::min<std::uint64_t>(i + 1, Ring::kAhead));
      // The item staged kAhead ago was applied by this staging's next().
      EXPECT_EQ(applied.size(), i + 1 > Ring::kAhead ? i + 1 - Ring::kAhead : 0);
    }
    ring.flush(apply);
    EXPECT_EQ(ring.pending(), 0u);
    std::vector<std::uint64_t> all(n);
    for (std::uint64_t i = 0; i < n; ++i) all[i] = i;
    EXPECT_EQ(applied, all) << n << " items";
    for (const auto& [at, hash, stage] : prefetched) {
      const std::uint64_t lag = stage == LookupStage::kSlot    ? 0
                                : stage == LookupStage::kEntry ? Ring::kEntryLag
                                                               : Ring::kDataLag;
      EXPECT_EQ(at - hash, lag);
    }
    // Every item gets its slot prefetch; entry and data those staged early enough.
    const auto count = [&](LookupStage s) {
      return std::count_if(prefetched.begin(), prefetched.end(),
                           [s](const auto& p) { return std::get<2>(p) == s; });
    };
    EXPECT_EQ(count(LookupStage::kSlot), static_cast<long>(n));
    EXPECT_EQ(count(LookupStage::kEntry),
              static_cast<long>(n > Ring::kEntryLag ? n - Ring::kEntryLag : 0));
    EXPECT_EQ(count(LookupStage::kData),
              static_cast<long>(n > Ring::kDataLag ? n - Ring::kDataLag : 0));
  }
}

}  // namespace
}  // namespace logmill::workers
