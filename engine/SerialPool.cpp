#include "engine/SerialPool.hpp"

#include "engine/ProgressMeter.hpp"
#include "engine/output/OrderedOutput.hpp"
#include "workers/map/TaskRunner.hpp"

namespace logmill::engine {

RunResult SerialPool::run(const workers::Query& query, const TaskList& work, OrderedOutput* lines) {
  workers::GzipIndexes indexes(work.gzipIndexDir, work.gzipIndexes);
  workers::TaskRunner runner(query, lines, &indexes);
  RunResult result;
  ProgressMeter progress(m_progress, work.totalBytes(), work.tasks.size());
  std::uint64_t doneBytes = 0;
  for (const Task& task : work.tasks) {
    runner.run(task, work.pathOf(task), result.partial);
    if (lines) {
      lines->finish(task.id);
      lines->rethrowWriteError();
    }
    progress.taskDone();
    progress.update(doneBytes += task.sizeBytes);
  }
  progress.finish();
  WorkerStats self;
  self.tasks = runner.stats().tasks;
  self.bytesIn = runner.stats().bytesIn;
  self.busy = runner.stats().busy;
  result.workers.push_back(self);
  return result;
}

}  // namespace logmill::engine
