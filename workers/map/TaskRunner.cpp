#include "workers/map/TaskRunner.hpp"

namespace logmill::workers {

TaskRunner::TaskRunner(const Query& query, LineSink* lines) : m_mapper(query), m_lines(lines) {
  if (m_lines) {
    m_mapper.onMatch([this](std::string_view line) {
      m_batch.add(line, [this](std::string_view batch) { flush(batch); });
    });
  }
}

void TaskRunner::run(const Task& task, const std::string& path, Partial& into) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t before = into.stats().bytesIn;
  m_task = task.id;
  m_mapper.run(path, task.range, into);
  if (m_lines) m_batch.drain([this](std::string_view batch) { flush(batch); });
  m_stats.tasks += 1;
  m_stats.bytesIn += into.stats().bytesIn - before;
  m_stats.busy += std::chrono::steady_clock::now() - start;
}

}  // namespace logmill::workers
