#pragma once
#include <cstdint>
#include <string>

#include "workers/input/ByteRange.hpp"

namespace logmill::engine {

/// One unit of map work: a whole file, or a line-aligned byte range of a
/// large plain-text file. Planned largest first (LPT order).
struct Task {
  std::uint32_t id = 0;
  std::string path;
  workers::ByteRange range;
  std::uint64_t sizeBytes = 0;  ///< bytes on disk this task reads (for scheduling/progress)
};

}  // namespace logmill::engine
