#include "workers/input/RangeCrcCheck.hpp"

#include <zlib.h>

#include <algorithm>

#if defined(LOGMILL_HAVE_ISAL)
#include <isa-l/crc.h>
#endif

#include "workers/input/InputError.hpp"

namespace logmill::workers {
namespace {

/// gzip's CRC-32 of `crc`'s text followed by `text` (zlib's crc32 chaining).
std::uint32_t extendCrc(std::uint32_t crc, std::span<const std::uint8_t> text) {
#if defined(LOGMILL_HAVE_ISAL)
  // ISA-L's folding CRC is several times zlib's: with zlib this check was a
  // quarter of the CPU of a robots run over an indexed file.
  return crc32_gzip_refl(crc, text.data(), text.size());
#else
  return static_cast<std::uint32_t>(crc32_z(crc, text.data(), text.size()));
#endif
}

}  // namespace

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
  m_crc = extendCrc(m_crc, text.first(n));
  m_text += n;
  if (m_text < m_checkAt) return;
  m_checked = true;
  if (m_crc != m_expected) {
    throw InputError(m_name + ": corrupt gzip data at byte " + std::to_string(m_checkByte) +
                     " (incorrect data check)");
  }
}

}  // namespace logmill::workers
