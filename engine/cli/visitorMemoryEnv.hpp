#pragma once
// LOGMILL_VISITOR_MEMORY: how much memory the report's exact per-row visitor
// sets may take (workers::setReportVisitorMemory). An environment variable,
// so worker processes, which inherit the environment, apply the same budget.

#include <cstdint>
#include <optional>
#include <string_view>

namespace logmill::engine {

inline constexpr const char* kVisitorMemoryEnv = "LOGMILL_VISITOR_MEMORY";

/// Bytes from "N", "NK", "NM", "NG" (binary multiples, an optional "iB" or
/// "B" after the letter); nullopt if `text` is none of these or overflows.
[[nodiscard]] std::optional<std::uint64_t> parseByteSize(std::string_view text);

/// Applies LOGMILL_VISITOR_MEMORY if set and not empty; throws std::invalid_argument naming
/// the variable if its value is not a size.
void applyVisitorMemoryEnv();

}  // namespace logmill::engine
