#include "engine/ProgressMeter.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace logmill::engine {

ProgressMeter::ProgressMeter(bool enabled, std::uint64_t totalBytes, std::size_t tasks)
    : m_enabled(enabled), m_tasks(tasks), m_totalBytes(totalBytes),
      m_start(std::chrono::steady_clock::now()) {}

void ProgressMeter::update(std::uint64_t bytesDone) {
  if (!m_enabled) return;
  const auto now = std::chrono::steady_clock::now();
  if (m_drawn && now - m_lastDraw < std::chrono::milliseconds(200)) return;
  m_lastDraw = now;
  m_drawn = true;
  const double secs = std::chrono::duration<double>(now - m_start).count();
  const double rate = secs > 0 ? bytesDone / secs : 0;  // bytes on disk per second
  const double eta = rate > 0 && m_totalBytes > bytesDone ? (m_totalBytes - bytesDone) / rate : 0;
  const std::string line =
      fmt::format("\r\033[Klogmill: {}/{} tasks, {:.1f}/{:.1f} MB read, {:.1f} MB/s, ETA {:.0f} s",
                  m_tasksDone, m_tasks, bytesDone / 1e6, m_totalBytes / 1e6, rate / 1e6, eta);
  (void)!::write(2, line.data(), line.size());
}

void ProgressMeter::finish() {
  if (m_enabled && m_drawn) (void)!::write(2, "\r\033[K", 4);
}

}  // namespace logmill::engine
