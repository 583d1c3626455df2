#include "engine/SerialPool.hpp"

#include <chrono>

#include "engine/output/OrderedOutput.hpp"
#include "workers/map/Mapper.hpp"

namespace logmill::engine {

RunResult SerialPool::run(const workers::Query& query, const std::vector<Task>& tasks) {
  const auto start = std::chrono::steady_clock::now();
  workers::Mapper mapper(query);
  RunResult result;
  workers::LineBatcher batch;
  std::uint32_t current = 0;
  const auto deliver = [&](std::string_view bytes) { m_lines->append(current, bytes); };
  if (m_lines) {
    mapper.onMatch([&](std::string_view line) { batch.add(line, deliver); });
  }
  for (const Task& task : tasks) {
    current = task.id;
    mapper.run(task.path, task.range, result.partial);
    if (m_lines) {
      batch.drain(deliver);
      m_lines->finish(task.id);
      m_lines->rethrowWriteError();
    }
  }
  WorkerStats self;
  self.tasks = tasks.size();
  self.bytesIn = result.partial.stats().bytesIn;
  self.busy = std::chrono::steady_clock::now() - start;
  result.workers.push_back(self);
  return result;
}

}  // namespace logmill::engine
