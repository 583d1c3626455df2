#pragma once
// One pass over a window of text that does the work of a prefilter: find the
// first line holding a literal and count the whole lines before it.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "workers/input/LiteralFinder.hpp"
#include "workers/input/countLines.hpp"

namespace logmill::workers {

struct LiteralScan {
  std::size_t lineBytes = 0;  ///< length of the whole lines that cannot hold the needle
  LineCount count;            ///< those lines (each ends with '\n')
  bool found = false;         ///< the needle starts at or after lineBytes
};

/// Which instructions a scan uses: kBest picks the widest the CPU has; the
/// others let tests run every version this CPU can.
enum class ScanIsa : std::uint8_t { kBest, kPortable, kAvx2, kAvx512 };

/// True when this CPU (and build) can run scans with `isa`.
[[nodiscard]] bool scanIsaSupported(ScanIsa isa) noexcept;

/// `text` starts at a line start. With the needle in it: the lines before
/// the one holding its first occurrence; without: every '\n'-terminated
/// line (what follows the last '\n' may yet continue). Lines are judged
/// overlong as countLines() does. Reads each byte once (AVX-512 or AVX2),
/// where a find and a count would read the window twice. `isa` must be
/// supported (scanIsaSupported).
[[nodiscard]] LiteralScan scanToLiteral(std::string_view text, const LiteralFinder& finder,
                                        std::size_t maxLine, ScanIsa isa = ScanIsa::kBest) noexcept;

}  // namespace logmill::workers
