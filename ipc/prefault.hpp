#pragma once
// Mapping pages ahead of use: one system call for a whole block instead of a
// page fault per 4 KiB (the first pass of a stream fan-out over its ring).

#include <span>

namespace logmill::ipc {

enum class Prefault {
  Read,   ///< the pages will be read: map them readable
  Write,  ///< the pages will be written: allocate them and map them writable
};

/// Maps the whole pages inside `bytes` into this process now (madvise
/// MADV_POPULATE_READ / _WRITE). Only advice: returns false, changing
/// nothing, where the kernel cannot (before Linux 5.14, or on any error);
/// the pages then fault in one by one as before.
bool prefault(std::span<const char> bytes, Prefault how) noexcept;

}  // namespace logmill::ipc
