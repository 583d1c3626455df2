#include "workers/process/keepHeap.hpp"

#include <malloc.h>

namespace logmill::workers {

void keepHeapBetweenTasks() noexcept {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)  // glibc
  // Fixed values also stop glibc's own adjustment of both thresholds, which
  // only rises after a big block was unmapped once (i.e. after the faults).
  (void)::mallopt(M_MMAP_THRESHOLD, 16 << 20);
  (void)::mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

}  // namespace logmill::workers
