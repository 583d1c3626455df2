#pragma once
// How much memory a report's exact per-row visitor sets may take in one
// process (ReportAggregate sheds its largest rows into HyperLogLog estimates
// past it). One setting per process: the command line sets it before any
// report is built, and worker processes inherit it the same way.

#include <cstdint>

namespace logmill::workers {

/// 256 MiB: 16 M visitor entries.
inline constexpr std::uint64_t kDefaultVisitorMemory = std::uint64_t{256} << 20;
/// What one exact visitor entry is counted as: a 64-bit hash in a table kept
/// at most half full.
inline constexpr std::uint64_t kVisitorEntryBytes = 16;

/// The current budget in bytes (kDefaultVisitorMemory unless set).
[[nodiscard]] std::uint64_t reportVisitorMemory() noexcept;
/// Sets the budget for reports created from now on.
void setReportVisitorMemory(std::uint64_t bytes) noexcept;

}  // namespace logmill::workers
