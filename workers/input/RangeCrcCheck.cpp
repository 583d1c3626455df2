#include "workers/input/RangeCrcCheck.hpp"

#include <zlib.h>

#include <algorithm>

#include "workers/input/InputError.hpp"

namespace logmill::workers {

RangeCrcCheck::RangeCrcCheck(const GzipCheckpoint& from, const GzipCheckpoint& to, std::string name)
    : m_text(from.textOffset),
      m_crc(from.atMemberStart() ? 0 : from.memberCrc),
      m_checkAt(to.textOffset),
      m_expected(to.memberCrc),
      m_checkByte(to.compressedBit / 8),
      m_name(std::move(name)) {}

void RangeCrcCheck::onMemberStart(std::uint64_t, std::uint64_t textOffset) {
  // The member before ended with its own trailer check; the next starts afresh.
  m_text = textOffset;
  m_crc = 0;
}

void RangeCrcCheck::onText(std::span<const std::uint8_t> text) {
  if (m_checked || m_text >= m_checkAt) return;
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(text.size(), m_checkAt - m_text));
  m_crc = static_cast<std::uint32_t>(crc32(m_crc, text.data(), static_cast<uInt>(n)));
  m_text += n;
  if (m_text < m_checkAt) return;
  m_checked = true;
  if (m_crc != m_expected) {
    throw InputError(m_name + ": corrupt gzip data at byte " + std::to_string(m_checkByte) +
                     " (incorrect data check)");
  }
}

}  // namespace logmill::workers
