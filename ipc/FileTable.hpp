#pragma once
// The run's input files (workers::TaskList::files), each path stored once in
// the shared segment so a task carries a 32-bit file index instead of a
// path; several range tasks of one big file share its entry. Read-only
// after creation.
//
// Layout (one blob of u64 words): u64 magic, u64 count, count x {u64 offset,
// u64 length} into the character area that follows.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/SharedSegment.hpp"

namespace logmill::ipc {

/// A read-only view of the path list in a SharedSegment; the segment must
/// outlive it. Cheap to copy.
class FileTable {
 public:
  /// Segment bytes a table of these paths needs (excluding kSegmentOverhead).
  [[nodiscard]] static std::size_t bytesNeeded(const std::vector<std::string>& paths);
  /// Coordinator: stores `paths` under `name` (before spawning workers).
  [[nodiscard]] static FileTable create(SharedSegment& segment, const std::string& name,
                                        const std::vector<std::string>& paths);
  /// Worker: finds the table without taking the segment manager's lock.
  /// Throws std::runtime_error naming it if absent or malformed.
  [[nodiscard]] static FileTable open(SharedSegment& segment, const std::string& name);

  [[nodiscard]] std::uint32_t size() const noexcept { return m_count; }
  /// CRC-32 over every path (with its length): the coordinator hands it to
  /// each worker outside shared memory, so a worker can tell a table that
  /// another process rewrote from the one the run planned.
  [[nodiscard]] std::uint32_t checksum() const;
  /// The path of file `index`; throws std::out_of_range naming the index.
  [[nodiscard]] std::string_view path(std::uint32_t index) const;

 private:
  FileTable(const std::uint64_t* words, std::uint32_t count, const char* chars)
      : m_words(words), m_count(count), m_chars(chars) {}

  const std::uint64_t* m_words;
  std::uint32_t m_count;
  const char* m_chars;
};

}  // namespace logmill::ipc
