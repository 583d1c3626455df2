#pragma once
// Builds a GzipIndex while an InflaterStream decodes the file, so the first
// full read leaves an index behind. It needs a block-reporting inflater
// (makeBlockInflater, given blockEndSpacing()) to find places where decoding
// can resume.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "workers/input/GzipFileKey.hpp"
#include "workers/input/GzipIndex.hpp"
#include "workers/input/InflateObserver.hpp"

namespace logmill::workers {

class GzipIndexBuilder final : public InflateObserver {
 public:
  /// Deflate's history: a resumed decoder needs this much text before it.
  static constexpr std::size_t kWindowBytes = 32 << 10;

  explicit GzipIndexBuilder(std::uint64_t spacing = GzipIndex::kDefaultSpacing);

  void onMemberStart(std::uint64_t compressedByte, std::uint64_t textOffset) override;
  void onText(std::span<const std::uint8_t> text) override;
  void onBlockEnd(std::uint64_t compressedBit, std::uint64_t textOffset,
                  std::uint32_t memberCrc) override;
  void onEnd(std::uint64_t compressedBytes, std::uint64_t textBytes) override;
  [[nodiscard]] std::uint64_t blockEndSpacing() const override { return m_spacing; }

  /// True once the stream reached its clean end.
  [[nodiscard]] bool complete() const { return m_complete; }

  /// The index of the file that was read, whose key is `key` (taken before
  /// the read). Throws InputError naming `path` if the read did not reach the
  /// end, or if the key's size is not what was read.
  [[nodiscard]] GzipIndex finish(const GzipFileKey& key, const std::string& path);

 private:
  bool due(std::uint64_t textOffset) const;
  void remember(std::span<const std::uint8_t> text);
  void resolveLineStarts(std::span<const std::uint8_t> text);
  std::vector<std::uint8_t> lastText(std::size_t length) const;

  std::uint64_t m_spacing;
  std::vector<GzipCheckpoint> m_checkpoints;
  std::size_t m_firstPending = 0;  // checkpoints from here on still need their lineStart
  std::uint64_t m_text = 0;        // text seen so far
  std::uint64_t m_memberTextStart = 0;
  std::uint64_t m_members = 0;
  std::uint64_t m_compressedSize = 0;
  bool m_complete = false;
  std::array<std::uint8_t, kWindowBytes> m_ring{};  // the last text, m_text % size is next
};

}  // namespace logmill::workers
