#include "engine/SerialPool.hpp"

#include <chrono>

#include "workers/Mapper.hpp"

namespace logmill::engine {

RunResult SerialPool::run(const workers::Query& query, const std::vector<Task>& tasks) {
  const auto start = std::chrono::steady_clock::now();
  workers::Mapper mapper(query);
  RunResult result;
  for (const Task& task : tasks) mapper.run(task.path, task.range, result.partial);
  WorkerStats self;
  self.tasks = tasks.size();
  self.bytesIn = result.partial.stats().bytesIn;
  self.busy = std::chrono::steady_clock::now() - start;
  result.workers.push_back(self);
  return result;
}

}  // namespace logmill::engine
