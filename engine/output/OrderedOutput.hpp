#pragma once
// grep's output: the matching lines of each task, written in task order
// (files in argument/sorted order, ranges in file order) while tasks finish
// in any order. Only the head task writes through; later tasks' lines wait
// in memory up to a budget, beyond which their producers are held back
// (threads wait, worker pipes are not read), so memory stays bounded
// whatever the file sizes. Thread-safe. Lines go out raw (grep's contract
// for pipes), except to a terminal, where control bytes are made visible
// (textEscape.hpp) so a log line cannot drive the user's terminal.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/output/OutputSink.hpp"
#include "workers/map/LineSink.hpp"

namespace logmill::engine {

class OrderedOutput final : public workers::LineSink {
 public:
  OrderedOutput(OutputSink& sink, std::size_t taskCount, std::size_t budgetBytes = 64u << 20);

  /// The sink a pool's TaskRunner feeds: waits for task `id`'s turn when
  /// memory is over budget (back-pressure), then appends.
  void lines(std::uint32_t id, std::string_view bytes) override {
    waitForTurn(id);
    append(id, bytes);
  }
  /// Adds the next `bytes` (whole lines) of task `id`'s current attempt.
  /// Bytes that an earlier, failed attempt already delivered are skipped, so
  /// a task re-run after a crash never repeats a line.
  void append(std::uint32_t id, std::string_view bytes);
  /// A new attempt of task `id` starts (after its worker died).
  void restart(std::uint32_t id);
  /// Adds task `id` (a block of a stream fan-out, numbered past the plan's
  /// tasks) to the order, right before task `before`, which must not have
  /// delivered lines of its own: blocks of a stream go before its task, in
  /// the order they are added.
  void addBefore(std::uint32_t id, std::uint32_t before);
  /// Task `id` delivered everything; write it and whatever follows it.
  void finish(std::uint32_t id);

  /// True while task `id` should hold back: it is not the head and the
  /// buffered bytes are over budget.
  [[nodiscard]] bool mustWait(std::uint32_t id) const;
  /// Blocks (threads) until mustWait(id) is false.
  void waitForTurn(std::uint32_t id);
  /// Rethrows a write error (OutputClosed, ENOSPC) raised by another thread.
  void rethrowWriteError();

 private:
  struct TaskOutput {
    std::string pending;         // buffered, not yet written
    std::uint64_t accepted = 0;  // bytes taken from all attempts together
    std::uint64_t position = 0;  // bytes seen in the current attempt
    bool finished = false;
    std::uint32_t next = kEnd;  // the order is a list: blocks join it late
    std::uint32_t prev = kEnd;
  };
  static constexpr std::uint32_t kEnd = UINT32_MAX;
  void advanceLocked();
  void writeLocked(std::string_view bytes);

  OutputSink& m_sink;
  std::vector<TaskOutput> m_tasks;
  std::uint32_t m_head = kEnd;
  std::size_t m_buffered = 0;
  std::size_t m_budget;
  const bool m_escape;  // the sink is a terminal
  mutable std::mutex m_mutex;
  std::condition_variable m_turn;
  std::exception_ptr m_writeError;
};

}  // namespace logmill::engine
