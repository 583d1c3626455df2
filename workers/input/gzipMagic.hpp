#pragma once
// Recognising gzip by its first two bytes (RFC 1952: 1f 8b), never by name:
// the one place that knows them, for the reader, the planner and the bench.

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace logmill::workers {

inline constexpr std::array<std::uint8_t, 2> kGzipMagic = {0x1f, 0x8b};

/// True when `head` starts with the gzip magic bytes.
[[nodiscard]] constexpr bool hasGzipMagic(std::span<const std::uint8_t> head) {
  return head.size() >= 2 && head[0] == kGzipMagic[0] && head[1] == kGzipMagic[1];
}

/// True when `path` is a regular file starting with the gzip magic bytes;
/// false for anything else: stdin, a FIFO (never read here: its bytes belong
/// to its one reader), an unreadable file (its reader reports why).
[[nodiscard]] bool fileHasGzipMagic(const std::string& path);

}  // namespace logmill::workers
