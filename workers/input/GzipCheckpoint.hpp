#pragma once
#include <cstdint>
#include <vector>

namespace logmill::workers {

/// A point in a gzip file where decoding can start: a member's start (no
/// history needed) or the end of a deflate block inside a member (needs the
/// text just before it, its "window").
struct GzipCheckpoint {
  std::uint64_t compressedBit = 0;    ///< where decoding resumes, in bits from the file start
  std::uint64_t textOffset = 0;       ///< text offset of that point
  std::uint64_t lineStart = 0;        ///< first byte after the first '\n' at/after textOffset
  std::uint64_t memberTextStart = 0;  ///< text offset where the enclosing member's text starts
  std::uint32_t memberCrc = 0;        ///< CRC-32 of the member's text up to textOffset
  std::uint32_t windowBytes = 0;      ///< text bytes before textOffset the decoder needs
  std::vector<std::uint8_t> window;   ///< those bytes, zlib-compressed; empty at a member start

  /// A member start: decoding begins with a gzip header, no window.
  [[nodiscard]] bool atMemberStart() const { return textOffset == memberTextStart; }
  friend bool operator==(const GzipCheckpoint&, const GzipCheckpoint&) = default;
};

}  // namespace logmill::workers
