#include "ipc/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace logmill::ipc {

bool prefault(std::span<const char> bytes, Prefault how) noexcept {
#if defined(MADV_POPULATE_READ) && defined(MADV_POPULATE_WRITE)
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(bytes.data());
  const std::uintptr_t from = (start + page - 1) / page * page;
  const std::uintptr_t to = (start + bytes.size()) / page * page;
  if (to <= from) return false;
  const int advice = how == Prefault::Write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;
  // EINVAL on kernels without it; EFAULT/ENOMEM leave the pages to fault later.
  return ::madvise(reinterpret_cast<void*>(from), to - from, advice) == 0;
#else
  (void)bytes;
  (void)how;
  return false;
#endif
}

}  // namespace logmill::ipc
