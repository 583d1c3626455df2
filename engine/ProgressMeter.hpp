#pragma once
// A one-line progress display on stderr: tasks and bytes done, MB/s, ETA.

#include <chrono>
#include <cstdint>
#include <vector>

namespace logmill::engine {

class ProgressMeter {
 public:
  ProgressMeter(bool enabled, std::uint64_t totalBytes, std::size_t tasks);
  void taskDone() { ++m_tasksDone; }
  /// Tasks made during the run (the blocks of a fanned-out stream).
  void tasksAdded(std::size_t n) { m_tasks += n; }
  /// Redraws at most every 200 ms.
  void update(std::uint64_t bytesDone);
  /// Clears the line.
  void finish();

 private:
  bool m_enabled;
  std::size_t m_tasks;
  std::size_t m_tasksDone = 0;
  std::uint64_t m_totalBytes = 0;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_lastDraw;
  bool m_drawn = false;
};

}  // namespace logmill::engine
