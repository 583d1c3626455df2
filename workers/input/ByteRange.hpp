#pragma once
#include <cstdint>
#include <limits>

namespace logmill::workers {

/// A slice of a plain-text file: the lines that *start* in [begin, end).
/// The default is the whole file. Gzip inputs are always read whole.
struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = std::numeric_limits<std::uint64_t>::max();
  [[nodiscard]] bool isWhole() const {
    return begin == 0 && end == std::numeric_limits<std::uint64_t>::max();
  }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

}  // namespace logmill::workers
