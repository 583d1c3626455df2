#pragma once
// The shared-memory segment of one process-pool run, and its one owner.
// The coordinator creates it under an unguessable name and removes it when
// done; workers open it by name. A coordinator that was SIGKILLed leaves its
// segment behind; the next run's removeStaleSegments() cleans it up.

#include <sys/types.h>

#include <boost/interprocess/managed_shared_memory.hpp>
#include <cstddef>
#include <memory>
#include <string>

namespace logmill::ipc {

/// Prefix of every logmill segment name: "logmill-<coordinatorPid>-<32 hex>".
inline constexpr const char* kSegmentPrefix = "logmill-";

/// Contract for robustness: the coordinator constructs every shared object
/// (TaskQueue, FileTable, ...) right after create() and before spawning any
/// worker, and never allocates in the segment afterwards. Workers only look
/// objects up, without taking the segment manager's (non-robust) lock, so a
/// worker killed at any instant cannot wedge the segment for anyone else.
class SharedSegment {
 public:
  using Managed = boost::interprocess::managed_shared_memory;

  /// Creates a fresh segment of `bytes` (O_EXCL, mode 0600) named
  /// "logmill-<getpid()>-<128 random bits in hex>" and reserves its memory up
  /// front, so a full /dev/shm fails here (SystemError, ENOSPC) instead of
  /// killing a process with SIGBUS later. The destructor removes it.
  [[nodiscard]] static SharedSegment create(std::size_t bytes);
  /// Attaches to an existing segment (workers). Does not remove it on
  /// destruction. Throws std::runtime_error naming the segment if missing.
  [[nodiscard]] static SharedSegment open(const std::string& name);

  SharedSegment(SharedSegment&&) noexcept;
  SharedSegment& operator=(SharedSegment&&) noexcept;
  ~SharedSegment();

  [[nodiscard]] const std::string& name() const noexcept { return m_name; }
  /// "/dev/shm/<name>" (where Linux keeps POSIX shared memory).
  [[nodiscard]] std::string path() const;
  [[nodiscard]] bool isOwner() const noexcept { return m_owner; }
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] Managed& managed() { return *m_managed; }

  /// Removes the name now (the mapping stays valid until destruction).
  /// Idempotent; the destructor calls it for the owner.
  void remove() noexcept;

 private:
  SharedSegment(std::string name, std::unique_ptr<Managed> managed, bool owner);

  std::string m_name;
  std::unique_ptr<Managed> m_managed;
  bool m_owner = false;
};

/// A new unique segment name for this process: "logmill-<pid>-<32 hex>".
[[nodiscard]] std::string makeSegmentName();

/// Removes every /dev/shm/logmill-<pid>-* whose pid no longer exists
/// (kill(pid, 0) fails with ESRCH). Segments of live processes, including
/// other users', are left alone. Returns how many were removed.
std::size_t removeStaleSegments();

/// Extra bytes a managed segment needs beyond the objects placed in it
/// (segment manager, name index, allocator headers). Add it to the sum of
/// TaskQueue::bytesNeeded() + FileTable::bytesNeeded() when sizing create().
inline constexpr std::size_t kSegmentOverhead = 64 * 1024;

}  // namespace logmill::ipc
