#pragma once
// How much text a plan will map, estimated before any of it is read: what
// decides whether an input is worth sharing out to a pool at all.

#include <cstdint>

#include "workers/map/Task.hpp"

namespace logmill::engine {

/// Text bytes a gzip byte is assumed to hold when sizing a plan: access logs
/// compress about 8-10x (the generated mix 9.5x, the elastic fixture 11x).
inline constexpr std::uint64_t kGzipTextRatio = 8;

/// An estimate of the text in `work`: plain files count their size, gzip
/// files (by magic bytes) kGzipTextRatio times it, empty or unreadable files
/// nothing, and stdin or a FIFO (length unknown) `enough`. Files are sniffed
/// only while the answer is open: the result is an estimate below `enough`
/// and only "at least `enough`" above it.
[[nodiscard]] std::uint64_t estimateTextBytes(const workers::TaskList& work, std::uint64_t enough);

}  // namespace logmill::engine
