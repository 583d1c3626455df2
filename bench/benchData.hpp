#pragma once
// The workload every micro-benchmark shares: one deterministic file of
// realistic Apache combined lines (about 20 MB of text, ~120k lines) from
// datasets::generate, cached under $TMPDIR so repeated runs skip generation.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logmill::bench {

/// Lines in the shared file; ~173 bytes each gives ~20 MB of text.
inline constexpr std::uint64_t kLines = 120'000;

/// The gzip file (generated on first use). Throws naming the path on failure.
[[nodiscard]] const std::string& gzipPath();
/// The same text as a plain file next to it (written on first use).
[[nodiscard]] const std::string& plainPath();
/// The gzip file's bytes.
[[nodiscard]] const std::string& gzipBytes();
/// The decompressed text (inflated with zlib once).
[[nodiscard]] const std::string& plainText();
/// Views of the first `count` lines of plainText(), without terminators.
[[nodiscard]] std::vector<std::string_view> sampleLines(std::size_t count);

}  // namespace logmill::bench
