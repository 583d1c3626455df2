#include "workers/input/GzipIndexBuilder.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "workers/input/InputError.hpp"

#ifdef LOGMILL_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

namespace logmill::workers {
namespace {

// Windows are compressed fast: a checkpoint's 32 KiB compress in a fraction
// of the time its 4 MiB of text take to inflate, and log text still shrinks
// about 4x, which keeps the index far below 1% of the text. The format is
// zlib's (checkpointWindow uncompresses it); ISA-L writes it about 4x faster
// than zlib's fastest level, which matters now that the read is ISA-L's.
std::vector<std::uint8_t> compressWindowZlib(const std::vector<std::uint8_t>& text) {
  uLongf length = compressBound(static_cast<uLong>(text.size()));
  std::vector<std::uint8_t> out(length);
  if (compress2(out.data(), &length, text.data(), static_cast<uLong>(text.size()), Z_BEST_SPEED) !=
      Z_OK) {
    throw std::bad_alloc();  // the only failure with a large enough buffer
  }
  out.resize(length);
  return out;
}

#ifdef LOGMILL_HAVE_ISAL
std::vector<std::uint8_t> compressWindow(const std::vector<std::uint8_t>& text) {
  std::vector<std::uint8_t> levelBuffer(ISAL_DEF_LVL1_DEFAULT);
  std::vector<std::uint8_t> out(compressBound(static_cast<uLong>(text.size())));
  isal_zstream stream;
  isal_deflate_stateless_init(&stream);
  stream.level = 1;
  stream.level_buf = levelBuffer.data();
  stream.level_buf_size = static_cast<std::uint32_t>(levelBuffer.size());
  stream.gzip_flag = IGZIP_ZLIB;
  stream.end_of_stream = 1;
  stream.next_in = const_cast<std::uint8_t*>(text.data());  // ISA-L's API is not const-correct
  stream.avail_in = static_cast<std::uint32_t>(text.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<std::uint32_t>(out.size());
  // A window that does not fit (it cannot: the bound is zlib's) goes to zlib.
  if (isal_deflate_stateless(&stream) != COMP_OK) return compressWindowZlib(text);
  out.resize(stream.total_out);
  return out;
}
#else
std::vector<std::uint8_t> compressWindow(const std::vector<std::uint8_t>& text) {
  return compressWindowZlib(text);
}
#endif

}  // namespace

GzipIndexBuilder::GzipIndexBuilder(std::uint64_t spacing)
    : m_spacing(std::max<std::uint64_t>(spacing, 1)) {}

bool GzipIndexBuilder::due(std::uint64_t textOffset) const {
  return m_checkpoints.empty() || textOffset >= m_checkpoints.back().textOffset + m_spacing;
}

void GzipIndexBuilder::onMemberStart(std::uint64_t compressedByte, std::uint64_t textOffset) {
  ++m_members;
  m_memberTextStart = textOffset;
  // A member start needs no window: the cheapest checkpoint there is.
  if (!due(textOffset)) return;
  GzipCheckpoint checkpoint;
  checkpoint.compressedBit = compressedByte * 8;
  checkpoint.textOffset = checkpoint.memberTextStart = textOffset;
  m_checkpoints.push_back(std::move(checkpoint));
}

void GzipIndexBuilder::onText(std::span<const std::uint8_t> text) {
  if (m_firstPending < m_checkpoints.size()) resolveLineStarts(text);
  remember(text);
  m_text += text.size();
}

void GzipIndexBuilder::onBlockEnd(std::uint64_t compressedBit, std::uint64_t textOffset,
                                  std::uint32_t memberCrc) {
  // Right after a member's header is no block end: the member start covers it.
  if (textOffset == m_memberTextStart || !due(textOffset)) return;
  GzipCheckpoint checkpoint;
  checkpoint.compressedBit = compressedBit;
  checkpoint.textOffset = textOffset;
  checkpoint.memberTextStart = m_memberTextStart;
  checkpoint.memberCrc = memberCrc;
  // Back-references never reach into an earlier member.
  checkpoint.windowBytes = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(kWindowBytes, textOffset - m_memberTextStart));
  checkpoint.window = compressWindow(lastText(checkpoint.windowBytes));
  m_checkpoints.push_back(std::move(checkpoint));
}

void GzipIndexBuilder::onEnd(std::uint64_t compressedBytes, std::uint64_t textBytes) {
  m_complete = true;
  m_compressedSize = compressedBytes;
  // No newline after them: the next line starts at the end of the text.
  for (; m_firstPending < m_checkpoints.size(); ++m_firstPending) {
    m_checkpoints[m_firstPending].lineStart = textBytes;
  }
}

GzipIndex GzipIndexBuilder::finish(const GzipFileKey& key, const std::string& path) {
  if (!m_complete) {
    throw InputError(path + ": cannot index a gzip file that was not read to its end");
  }
  if (key.size != m_compressedSize) {
    throw InputError(path + ": the file changed while it was indexed (size " +
                     std::to_string(key.size) + ", read " + std::to_string(m_compressedSize) + ")");
  }
  return GzipIndex(key, m_spacing, m_text, m_members, std::move(m_checkpoints));
}

// Every checkpoint still waiting gets the same line start: they all lie
// at or before this text, and the first '\n' in it is after all of them.
void GzipIndexBuilder::resolveLineStarts(std::span<const std::uint8_t> text) {
  const void* newline = std::memchr(text.data(), '\n', text.size());
  if (newline == nullptr) return;
  const auto at =
      static_cast<std::uint64_t>(static_cast<const std::uint8_t*>(newline) - text.data());
  for (; m_firstPending < m_checkpoints.size(); ++m_firstPending) {
    m_checkpoints[m_firstPending].lineStart = m_text + at + 1;
  }
}

// Keeps the last kWindowBytes of text, but only near the next checkpoint:
// copying all of it would cost a few percent of the read for nothing.
void GzipIndexBuilder::remember(std::span<const std::uint8_t> text) {
  const std::uint64_t nextDue =
      m_checkpoints.empty() ? 0 : m_checkpoints.back().textOffset + m_spacing;
  if (m_text + text.size() + kWindowBytes <= nextDue) return;
  std::uint64_t offset = m_text;
  if (text.size() > kWindowBytes) {
    offset += text.size() - kWindowBytes;
    text = text.subspan(text.size() - kWindowBytes);
  }
  while (!text.empty()) {
    const std::size_t at = offset % kWindowBytes;
    const std::size_t n = std::min(text.size(), kWindowBytes - at);
    std::memcpy(m_ring.data() + at, text.data(), n);
    text = text.subspan(n);
    offset += n;
  }
}

std::vector<std::uint8_t> GzipIndexBuilder::lastText(std::size_t length) const {
  std::vector<std::uint8_t> out(length);
  const std::uint64_t start = m_text - length;
  for (std::size_t done = 0; done < length;) {
    const std::size_t at = (start + done) % kWindowBytes;
    const std::size_t n = std::min(length - done, kWindowBytes - at);
    std::memcpy(out.data() + done, m_ring.data() + at, n);
    done += n;
  }
  return out;
}

}  // namespace logmill::workers
