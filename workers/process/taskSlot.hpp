#pragma once
// A Task as it travels through the shared-memory queue (ipc::TaskSlot): the
// coordinator packs it, the worker unpacks it; nothing else converts.

#include "ipc/TaskQueue.hpp"
#include "workers/map/Task.hpp"

namespace logmill::workers {

[[nodiscard]] inline ipc::TaskSlot slotFromTask(const Task& task) {
  return {task.id, task.file, task.range.begin, task.range.end,
          task.buildIndex ? ipc::TaskSlot::kBuildIndex : 0u};
}

/// sizeBytes is the coordinator's business and does not travel.
[[nodiscard]] inline Task taskFromSlot(const ipc::TaskSlot& slot) {
  return {slot.taskId,
          slot.fileIndex,
          {slot.begin, slot.end},
          0,
          (slot.flags & ipc::TaskSlot::kBuildIndex) != 0};
}

}  // namespace logmill::workers
