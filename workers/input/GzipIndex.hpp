#pragma once
// A checkpoint index of one gzip file (zran's idea): every few MiB of text, a
// place where decoding can start, so line-aligned byte ranges of the text can
// be inflated independently and in parallel.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workers/input/ByteRange.hpp"
#include "workers/input/GzipCheckpoint.hpp"
#include "workers/input/GzipFileKey.hpp"
#include "workers/input/InflaterKind.hpp"

namespace logmill::workers {

class GzipIndex {
 public:
  /// Text between two checkpoints, unless a caller chooses otherwise.
  static constexpr std::uint64_t kDefaultSpacing = std::uint64_t{4} << 20;

  /// `checkpoints` ascend by text offset; the first is the file's start.
  GzipIndex(GzipFileKey key, std::uint64_t spacing, std::uint64_t textSize,
            std::uint64_t memberCount, std::vector<GzipCheckpoint> checkpoints);

  /// Told the compressed bytes consumed so far, about every MiB.
  using ProgressFn = std::function<void(std::uint64_t compressedBytes)>;

  /// Inflates `path` once (makeBlockInflater(kind)) and records a checkpoint
  /// about every `spacing` text bytes. Throws InputError as a LineReader
  /// would on damage, or if the file changed while it was read.
  [[nodiscard]] static GzipIndex build(const std::string& path,
                                       std::uint64_t spacing = kDefaultSpacing,
                                       const ProgressFn& progress = {},
                                       InflaterKind kind = InflaterKind::kFastest);

  /// The last checkpoint at or before text offset `textOffset`.
  [[nodiscard]] const GzipCheckpoint& checkpointAtOrBefore(std::uint64_t textOffset) const;

  /// Up to `count` line-aligned ranges that cover the whole text, cut at
  /// checkpoints' line starts (so each starts decoding right at its own
  /// checkpoint); fewer when there are fewer checkpoints.
  [[nodiscard]] std::vector<ByteRange> splitRanges(std::size_t count) const;

  [[nodiscard]] const GzipFileKey& key() const { return m_key; }
  [[nodiscard]] std::uint64_t spacing() const { return m_spacing; }
  [[nodiscard]] std::uint64_t textSize() const { return m_textSize; }
  [[nodiscard]] std::uint64_t memberCount() const { return m_memberCount; }
  [[nodiscard]] const std::vector<GzipCheckpoint>& checkpoints() const { return m_checkpoints; }
  friend bool operator==(const GzipIndex&, const GzipIndex&) = default;

 private:
  GzipFileKey m_key;
  std::uint64_t m_spacing;
  std::uint64_t m_textSize;
  std::uint64_t m_memberCount;
  std::vector<GzipCheckpoint> m_checkpoints;
};

/// The text a checkpoint's decoder needs before it (its window), decompressed.
/// Throws InputError naming `path` if the stored window does not inflate to
/// its recorded size.
[[nodiscard]] std::vector<std::uint8_t> checkpointWindow(const GzipCheckpoint& checkpoint,
                                                         const std::string& path);

}  // namespace logmill::workers
