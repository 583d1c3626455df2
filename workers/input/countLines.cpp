#include "workers/input/countLines.hpp"

#include <cstring>

namespace logmill::workers {

// Bulk counting is vectorised in scanToLiteral(); this counts what is left
// over there (a window's last few bytes) and serves CPUs without AVX2.
LineCount countLines(std::string_view text, std::size_t maxLine) noexcept {
  const char* p = text.data();
  const std::size_t n = text.size();
  LineCount c;
  std::size_t start = 0;
  while (start < n) {
    const void* nl = std::memchr(p + start, '\n', n - start);
    if (nl == nullptr) break;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
    ++c.lines;
    c.overlong += isOverlongLine(p, start, at, maxLine) ? 1 : 0;
    start = at + 1;
  }
  return c;
}

}  // namespace logmill::workers
