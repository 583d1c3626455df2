#pragma once
// What an InflaterStream tells a listener while it decodes, so that a gzip
// index can be built as a by-product of a normal read.

#include <cstdint>
#include <span>

namespace logmill::workers {

/// Receives the shape of a gzip file as InflaterStream decodes it. Offsets
/// are absolute: compressed bytes (or bits) from the start of the file, text
/// bytes from the start of the first member's text.
class InflateObserver {
 public:
  virtual ~InflateObserver() = default;
  /// A gzip member's header starts at `compressedByte`; its text at `textOffset`.
  virtual void onMemberStart(std::uint64_t compressedByte, std::uint64_t textOffset) = 0;
  /// Text that was just decoded, in order; the next text follows it.
  virtual void onText(std::span<const std::uint8_t> text) = 0;
  /// A deflate block that is not the member's last one ended at
  /// `compressedBit`, after `textOffset` bytes of text: decoding can resume
  /// there given the 32 KiB of text before it; `memberCrc` is the CRC-32 of
  /// the member's text so far. Only block-reporting inflaters
  /// (makeBlockInflater) call this.
  virtual void onBlockEnd(std::uint64_t compressedBit, std::uint64_t textOffset,
                          std::uint32_t memberCrc) = 0;
  /// How much text the observer wants between two block ends, as
  /// makeBlockInflater's `spacing`; 0 (the default): none.
  [[nodiscard]] virtual std::uint64_t blockEndSpacing() const { return 0; }
  /// The input ended cleanly after `compressedBytes` bytes and `textBytes` of text.
  virtual void onEnd(std::uint64_t compressedBytes, std::uint64_t textBytes) = 0;
};

}  // namespace logmill::workers
