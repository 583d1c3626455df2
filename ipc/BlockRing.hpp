#pragma once
// The blocks of a stream fan-out, in the run's shared segment: a fixed
// number of fixed-size slots. The coordinator's producer writes a block of
// whole lines into a free slot, then queues a task naming it (TaskSlot
// kBlock: [begin, end) are byte offsets into the ring); the queue's lock
// orders the write before any worker's read. Workers only read. Which slots
// are free is the coordinator's business: a slot is reused only after the
// partial of its block arrived, so a worker killed mid-block loses nothing.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ipc/SharedSegment.hpp"

namespace logmill::ipc {

/// A handle onto a ring in a SharedSegment; the segment must outlive it.
class BlockRing {
 public:
  /// Segment bytes a ring of this shape needs (excluding kSegmentOverhead).
  [[nodiscard]] static std::size_t bytesNeeded(std::uint32_t slots, std::size_t slotBytes);
  /// Coordinator: constructs the ring in `segment` under `name` (before any
  /// worker is spawned). Throws std::runtime_error naming it on failure.
  [[nodiscard]] static BlockRing create(SharedSegment& segment, const std::string& name,
                                        std::uint32_t slots, std::size_t slotBytes);
  /// Worker: finds the ring without taking the segment manager's lock.
  /// Throws std::runtime_error naming it if absent or malformed.
  [[nodiscard]] static BlockRing open(SharedSegment& segment, const std::string& name);

  [[nodiscard]] std::uint32_t slots() const noexcept { return m_slots; }
  [[nodiscard]] std::size_t slotBytes() const noexcept { return m_slotBytes; }
  /// Slot `i`'s bytes (coordinator; i < slots()).
  [[nodiscard]] std::span<char> slot(std::uint32_t i) const;
  /// Where slot `i` starts, as a task names it.
  [[nodiscard]] std::uint64_t offsetOf(std::uint32_t i) const {
    return i * std::uint64_t{m_slotBytes};
  }
  /// The ring's bytes [begin, end), as a task names them (worker). Throws
  /// std::out_of_range unless they lie within one slot of the ring.
  [[nodiscard]] std::string_view view(std::uint64_t begin, std::uint64_t end) const;

 private:
  BlockRing(char* data, std::uint32_t slots, std::size_t slotBytes)
      : m_data(data), m_slots(slots), m_slotBytes(slotBytes) {}

  char* m_data;
  std::uint32_t m_slots;
  std::size_t m_slotBytes;
};

}  // namespace logmill::ipc
