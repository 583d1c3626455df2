#pragma once
// What GoAccess 1.7 reads past without counting it as a request, so that its
// request totals can be checked against logmill's line count.

#include <cstdint>
#include <string>
#include <vector>

namespace logmill::engine {

/// The lines of `files` that GoAccess skips uncounted: empty lines and
/// comments (first byte '#'), read as logmill reads them (gzip or plain).
/// A file that cannot be read counts what was read before the damage.
[[nodiscard]] std::uint64_t goaccessSkippedLines(const std::vector<std::string>& files);

}  // namespace logmill::engine
