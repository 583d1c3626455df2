#pragma once
// Malloc settings for a worker process.

namespace logmill::workers {

/// Makes this process's heap keep freed memory between tasks: allocations
/// under 16 MiB come from the heap and up to 32 MiB of free heap top stay
/// mapped (glibc mallopt; nothing elsewhere). Each task, a ring block above
/// all, builds its maps afresh and frees them: with glibc's defaults the
/// heap top goes back to the kernel after each, and the next task faults it
/// in again page by page.
void keepHeapBetweenTasks() noexcept;

}  // namespace logmill::workers
