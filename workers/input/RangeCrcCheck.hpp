#pragma once
// A range of an indexed gzip file usually ends inside a member, before the
// trailer whose CRC-32 would catch damage that inflates without an error.
// The index recorded the member's running CRC at every checkpoint: a range
// that decodes past the next checkpoint checks its text against it.

#include <cstdint>
#include <span>
#include <string>

#include "workers/input/GzipCheckpoint.hpp"
#include "workers/input/InflateObserver.hpp"

namespace logmill::workers {

class RangeCrcCheck final : public InflateObserver {
 public:
  /// Decoding starts at `from`; `to` (a later checkpoint) is where the text
  /// is checked. Throws InputError `NAME: corrupt gzip data at byte B
  /// (incorrect data check)` from onText() on a mismatch, B being `to`'s
  /// compressed byte.
  RangeCrcCheck(const GzipCheckpoint& from, const GzipCheckpoint& to, std::string name);

  void onMemberStart(std::uint64_t compressedByte, std::uint64_t textOffset) override;
  void onText(std::span<const std::uint8_t> text) override;
  void onBlockEnd(std::uint64_t, std::uint64_t, std::uint32_t) override {}
  void onEnd(std::uint64_t, std::uint64_t) override {}

 private:
  std::uint64_t m_text;  // text offset of the next byte onText() sees
  std::uint32_t m_crc;   // the member's CRC-32 of its text so far
  std::uint64_t m_checkAt;
  std::uint32_t m_expected;
  std::uint64_t m_checkByte;
  bool m_checked = false;
  std::string m_name;
};

}  // namespace logmill::workers
