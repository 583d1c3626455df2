#pragma once
// The producer side of a stream fan-out (issue 13): one I/O thread reads the
// run's stream tasks (stdin, FIFOs, gzip files without an index) one after
// another and cuts each into line-aligned blocks in the free slots of a
// fixed ring (shared memory for worker processes, the heap for threads).
// A pool takes the blocks as tasks, maps them anywhere, and releases each
// slot only once its partial is safe; with every slot taken the producer
// waits, so memory never grows with the input.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workers/map/Partial.hpp"
#include "workers/map/Task.hpp"

namespace logmill::engine {

class OrderedOutput;

/// How a ring of `ringBytes` is cut into slots: each slot holds one block,
/// longer than the longest line a reader keeps.
struct RingShape {
  std::uint32_t slots = 0;
  std::size_t slotBytes = 0;
};
/// The shape for --ring-size BYTES; throws std::invalid_argument if it is
/// below kMinRingBytes.
[[nodiscard]] RingShape ringShape(std::uint64_t ringBytes);
inline constexpr std::uint64_t kMinRingBytes = 4ull << 20;
inline constexpr std::uint64_t kDefaultRingBytes = 64ull << 20;
inline constexpr std::uint64_t kMaxRingBytes = 4ull << 30;

class StreamFeeder {
 public:
  /// A block ready to map: `bytes` of whole lines at the front of `slot`.
  struct Block {
    std::uint32_t id = 0;      ///< its task id: firstId, firstId + 1, ... in input order
    std::uint32_t stream = 0;  ///< the stream task it belongs to
    std::uint32_t slot = 0;
    std::size_t bytes = 0;
  };
  /// A stream read to its end (or its damage): every block of it came
  /// before this, and `partial` is the stream's own share (StreamCutter).
  struct Finished {
    std::uint32_t stream = 0;
    workers::Partial partial;
  };
  struct Event {
    std::optional<Block> block;
    std::optional<Finished> finished;
  };

  /// Starts the producer on `streams` (task ids into `work`), in that order.
  /// Blocks get ids from `firstId` up; with `lines` (grep), each is placed in
  /// the output order right before its stream task as it is cut. `wake` is
  /// called from the producer thread after each event.
  StreamFeeder(std::vector<std::span<char>> slots, const workers::TaskList& work,
               std::vector<std::uint32_t> streams, std::uint32_t firstId, OrderedOutput* lines,
               std::function<void()> wake);
  /// Stops the producer. One blocked reading a pipe that never ends is left
  /// to finish on its own; it touches nothing of the caller's after this.
  ~StreamFeeder();
  StreamFeeder(const StreamFeeder&) = delete;
  StreamFeeder& operator=(const StreamFeeder&) = delete;

  /// The next event if one is ready.
  [[nodiscard]] std::optional<Event> poll();
  /// Waits for the next event; nullopt once every stream has finished and
  /// every event was taken.
  [[nodiscard]] std::optional<Event> wait();
  /// The producer thread's CPU time (reading, inflating, cutting), once
  /// every stream has finished; 0 before.
  [[nodiscard]] std::chrono::nanoseconds producerCpu() const;
  /// Blocks cut so far.
  [[nodiscard]] std::uint64_t blocksCut() const;
  /// The text of `block` (valid until its slot is released).
  [[nodiscard]] std::string_view text(const Block& block) const;
  /// Slot `slot` may be reused: its block's partial is safe.
  void release(std::uint32_t slot);

  struct State;

 private:
  std::shared_ptr<State> m_state;
};

}  // namespace logmill::engine
