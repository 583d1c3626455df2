#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>

#include "ipc/BlockRing.hpp"

namespace logmill::ipc {
namespace {

TEST(BlockRing, WorkerReadsWhatTheCoordinatorWroteInASlot) {
  SharedSegment owner = SharedSegment::create(kSegmentOverhead + BlockRing::bytesNeeded(4, 4096));
  const BlockRing ring = BlockRing::create(owner, "blocks", 4, 4096);
  std::memcpy(ring.slot(2).data(), "a line\n", 7);

  SharedSegment worker = SharedSegment::open(owner.name());
  const BlockRing opened = BlockRing::open(worker, "blocks");
  EXPECT_EQ(opened.slots(), 4u);
  EXPECT_EQ(opened.slotBytes(), 4096u);
  const std::uint64_t begin = ring.offsetOf(2);
  EXPECT_EQ(opened.view(begin, begin + 7), "a line\n");
}

TEST(BlockRing, ATaskNamingBytesOutsideOneSlotIsRefused) {
  SharedSegment owner = SharedSegment::create(kSegmentOverhead + BlockRing::bytesNeeded(2, 1024));
  const BlockRing ring = BlockRing::create(owner, "blocks", 2, 1024);
  EXPECT_NO_THROW((void)ring.view(1024, 2048));
  EXPECT_THROW((void)ring.view(1024, 2049), std::out_of_range);  // past the ring
  EXPECT_THROW((void)ring.view(512, 1024), std::out_of_range);   // not a slot's start
  EXPECT_THROW((void)ring.view(0, 1025), std::out_of_range);     // into the next slot
  EXPECT_THROW((void)ring.view(9, 3), std::out_of_range);
  EXPECT_THROW((void)ring.slot(2), std::out_of_range);
}

TEST(BlockRing, OpeningAMissingRingNamesIt) {
  SharedSegment owner = SharedSegment::create(kSegmentOverhead);
  try {
    (void)BlockRing::open(owner, "blocks");
    FAIL() << "opened a ring that does not exist";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("block ring 'blocks'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace logmill::ipc
