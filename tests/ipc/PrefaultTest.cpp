#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstring>

#include "ipc/BlockRing.hpp"
#include "ipc/prefault.hpp"
#include "tests/Sanitizers.hpp"

namespace logmill::ipc {
namespace {

constexpr std::size_t kSlotBytes = 4 << 20;  // 1024 pages

// Minor page faults this thread took so far.
long minorFaults() {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

// Faults taken by writing every byte of `bytes`.
long faultsWriting(std::span<char> bytes) {
  const long before = minorFaults();
  std::memset(bytes.data(), 'x', bytes.size());
  return minorFaults() - before;
}

// Faults taken by reading every page of `bytes` (the sum keeps the reads).
long faultsReading(std::string_view bytes, unsigned& sum) {
  const long before = minorFaults();
  for (std::size_t i = 0; i < bytes.size(); i += 4096) sum += static_cast<unsigned char>(bytes[i]);
  return minorFaults() - before;
}

struct TwoRings {
  SharedSegment owner =
      SharedSegment::create(kSegmentOverhead + BlockRing::bytesNeeded(2, kSlotBytes));
  BlockRing ring = BlockRing::create(owner, "blocks", 2, kSlotBytes);
};

TEST(Prefault, AWriterPrefaultedSlotTakesNoFaultWhenWritten) {
  if (testing::kUnderSanitizer) GTEST_SKIP() << "a sanitizer takes page faults of its own";
  TwoRings r;
  const long control = faultsWriting(r.ring.slot(0));
  EXPECT_GT(control, 500);  // a fault per page: what prefaulting saves
  if (!prefault(r.ring.slot(1), Prefault::Write))
    GTEST_SKIP() << "kernel without MADV_POPULATE_WRITE";
  EXPECT_LT(faultsWriting(r.ring.slot(1)), 4);  // the unaligned ends at most
}

TEST(Prefault, AReaderPrefaultedBlockTakesNoFaultWhenRead) {
  if (testing::kUnderSanitizer) GTEST_SKIP() << "a sanitizer takes page faults of its own";
  TwoRings r;
  std::memset(r.ring.slot(0).data(), 'a', kSlotBytes);
  std::memset(r.ring.slot(1).data(), 'b', kSlotBytes);
  SharedSegment worker = SharedSegment::open(r.owner.name());
  const BlockRing opened = BlockRing::open(worker, "blocks");
  unsigned sum = 0;
  const long control = faultsReading(opened.view(0, kSlotBytes), sum);
  EXPECT_GT(control, 16);  // fault-around maps 16 pages at most per fault
  const std::string_view block = opened.view(kSlotBytes, 2 * kSlotBytes);
  if (!prefault(block, Prefault::Read)) GTEST_SKIP() << "kernel without MADV_POPULATE_READ";
  EXPECT_LT(faultsReading(block, sum), 4);
  EXPECT_EQ(sum, 1024u * 'a' + 1024u * 'b');
}

TEST(Prefault, BytesWithinOnePageAreLeftAlone) {
  TwoRings r;
  const std::span<char> slot = r.ring.slot(0);
  EXPECT_FALSE(prefault(slot.subspan(1, 100), Prefault::Write));
  EXPECT_FALSE(prefault({}, Prefault::Read));
}

}  // namespace
}  // namespace logmill::ipc
