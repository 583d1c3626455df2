#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "engine/StreamFeeder.hpp"
#include "tests/TempDir.hpp"
#include "workers/map/Task.hpp"

namespace logmill::engine {
namespace {

using testing::TempDir;

std::string numberedLines(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += "line " + std::to_string(i) + " of the stream\n";
  return text;
}

struct Ring {
  Ring(std::uint32_t slots, std::size_t slotBytes)
      : bytes(std::make_unique<char[]>(slots * slotBytes)) {
    for (std::uint32_t i = 0; i < slots; ++i)
      spans.emplace_back(bytes.get() + i * slotBytes, slotBytes);
  }
  std::unique_ptr<char[]> bytes;
  std::vector<std::span<char>> spans;
};

workers::TaskList streamTask(const std::string& path) {
  workers::TaskList work;
  work.files = {path};
  workers::Task task{0, 0, {}, 0};
  task.stream = true;
  work.tasks = {task};
  return work;
}

TEST(StreamFeeder, BlocksInSequenceThenTheStreamsOwnShare) {
  TempDir dir;
  const std::string text = numberedLines(5000);
  const workers::TaskList work = streamTask(dir.write("a.log", text));
  Ring ring(3, 4096);
  StreamFeeder feeder(ring.spans, work, {0}, 7, nullptr, nullptr);
  std::string seen;
  std::uint32_t nextId = 7;
  std::optional<workers::Partial> finished;
  while (auto event = feeder.wait()) {
    ASSERT_FALSE(finished) << "an event after the stream finished";
    if (event->block) {
      EXPECT_EQ(event->block->id, nextId++);
      EXPECT_EQ(event->block->stream, 0u);
      seen += feeder.text(*event->block);
      feeder.release(event->block->slot);
    } else {
      finished = std::move(event->finished->partial);
    }
  }
  EXPECT_EQ(seen, text);
  EXPECT_EQ(feeder.blocksCut(), nextId - 7);
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->stats().files, 1u);
  EXPECT_EQ(finished->stats().bytesIn, text.size());
  EXPECT_TRUE(finished->errors().empty());
}

TEST(StreamFeeder, TheProducerWaitsForAFreeSlot) {
  TempDir dir;
  const workers::TaskList work = streamTask(dir.write("a.log", numberedLines(5000)));
  Ring ring(2, 4096);
  StreamFeeder feeder(ring.spans, work, {0}, 1, nullptr, nullptr);
  const auto first = feeder.wait();
  const auto second = feeder.wait();
  ASSERT_TRUE(first && first->block && second && second->block);
  // Both slots are held: nothing more is cut, however long we wait.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(feeder.poll());
  EXPECT_EQ(feeder.blocksCut(), 2u);
  feeder.release(first->block->slot);
  const auto third = feeder.wait();
  ASSERT_TRUE(third && third->block);
  EXPECT_EQ(third->block->slot, first->block->slot);
}

TEST(StreamFeeder, AnInputThatCannotBeOpenedFinishesWithItsError) {
  TempDir dir;
  const std::string path = dir.file("missing.log");
  const workers::TaskList work = streamTask(path);
  Ring ring(2, 4096);
  StreamFeeder feeder(ring.spans, work, {0}, 1, nullptr, nullptr);
  const auto event = feeder.wait();
  ASSERT_TRUE(event && event->finished);
  ASSERT_EQ(event->finished->partial.errors().size(), 1u);
  EXPECT_EQ(event->finished->partial.errors()[0].message,
            "cannot open '" + path + "': No such file or directory");
  EXPECT_EQ(event->finished->partial.stats().failedFiles, 1u);
  EXPECT_FALSE(feeder.wait());
}

TEST(StreamFeeder, RingShapeKeepsBlocksLongerThanALine) {
  EXPECT_EQ(ringShape(64ull << 20).slots, 8u);
  EXPECT_EQ(ringShape(64ull << 20).slotBytes, 8ull << 20);
  EXPECT_EQ(ringShape(4ull << 20).slots, 2u);
  EXPECT_EQ(ringShape(4ull << 20).slotBytes, 2ull << 20);
  EXPECT_THROW((void)ringShape(1ull << 20), std::invalid_argument);
}

}  // namespace
}  // namespace logmill::engine

namespace logmill::engine {
namespace {

// A regular file is cut straight into the ring's slots: once the feeder is
// gone the producer must never write there again (the process pool unmaps
// the ring right after), whatever it was doing when the owner left.
TEST(StreamFeeder, NothingIsWrittenIntoTheRingAfterTheFeederIsGone) {
  TempDir dir;
  const workers::TaskList work = streamTask(dir.write("big.log", numberedLines(400000)));
  for (int round = 0; round < 20; ++round) {
    Ring ring(2, 4096);
    {
      StreamFeeder feeder(ring.spans, work, {0}, 1, nullptr, nullptr);
      const auto first = feeder.wait();
      ASSERT_TRUE(first && first->block);
      EXPECT_EQ(feeder.text(*first->block).substr(0, 7), "line 0 ");
      feeder.release(first->block->slot);  // the producer goes on into it
      if (round % 2) std::this_thread::sleep_for(std::chrono::microseconds(50 * round));
    }
    std::fill(ring.bytes.get(), ring.bytes.get() + 2 * 4096, 'X');
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(std::count(ring.bytes.get(), ring.bytes.get() + 2 * 4096, 'X'), 2 * 4096)
        << "round " << round;
  }
}

}  // namespace
}  // namespace logmill::engine
