#pragma once
// Positioned reads that finish what they start.

#include <cstddef>
#include <cstdint>
#include <string>

namespace logmill::workers {

/// Reads `length` bytes of `fd` at `offset` into `dst`, retrying short reads
/// and EINTR; fewer only at the end of the file. Returns how many were read.
/// Throws InputError naming `path` and the offset on a read error.
std::size_t readAt(int fd, const std::string& path, std::uint64_t offset, std::uint8_t* dst,
                   std::size_t length);

}  // namespace logmill::workers
