#include "workers/input/ResumedInflater.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <new>
#include <stdexcept>

#ifdef LOGMILL_HAVE_ISAL
#include <isa-l/igzip_lib.h>

#include "workers/input/isalInflateCall.hpp"
#endif

namespace logmill::workers {
namespace {

using Status = InflateStep::Status;
constexpr std::size_t kMaxChunk = UINT_MAX / 2;
constexpr std::size_t kTrailerBytes = 8;  // CRC-32, then the length mod 2^32

/// Raw deflate from a bit position, with history. kMemberEnd when the
/// deflate data ends; bytes after it are the trailer.
class RawResumer {
 public:
  virtual ~RawResumer() = default;
  /// Begins with `bitCount` bits of `bits` (the rest of a partly used byte),
  /// the text before in `window`, and `crc` the CRC-32 of the member so far.
  virtual void start(unsigned bitCount, unsigned bits, std::vector<std::uint8_t>& window,
                     std::uint32_t crc) = 0;
  /// The CRC-32 of the member's text up to what was decoded.
  [[nodiscard]] virtual std::uint32_t crc() const = 0;
  /// Whether a bad trailer is reported as the library's whole-member
  /// decoder would: zlib checks the CRC before reading the length, ISA-L
  /// reads both and reports either as a bad data check.
  [[nodiscard]] virtual bool checksCrcFirst() const = 0;
  virtual InflateStep inflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) = 0;
  /// After kMemberEnd: whole bytes read ahead past the deflate end (the
  /// trailer's first bytes), appended to `trailer`.
  virtual void takeReadAhead(std::vector<std::uint8_t>& trailer) = 0;
};

class ZlibResumer final : public RawResumer {
 public:
  ZlibResumer() {
    std::memset(&m_stream, 0, sizeof m_stream);
    if (inflateInit2(&m_stream, -15) != Z_OK) throw std::bad_alloc();
  }
  ~ZlibResumer() override { inflateEnd(&m_stream); }
  ZlibResumer(const ZlibResumer&) = delete;
  ZlibResumer& operator=(const ZlibResumer&) = delete;

  void start(unsigned bitCount, unsigned bits, std::vector<std::uint8_t>& window,
             std::uint32_t crc) override {
    m_crc = crc;
    if (bitCount > 0 &&
        inflatePrime(&m_stream, static_cast<int>(bitCount), static_cast<int>(bits)) != Z_OK) {
      throw std::logic_error("zlib inflatePrime refused");
    }
    if (!window.empty() &&
        inflateSetDictionary(&m_stream, window.data(), static_cast<uInt>(window.size())) != Z_OK) {
      throw std::logic_error("zlib inflateSetDictionary refused");
    }
  }

  InflateStep inflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) override {
    const auto inLen = static_cast<uInt>(std::min(in.size(), kMaxChunk));
    const auto outLen = static_cast<uInt>(std::min(out.size(), kMaxChunk));
    m_stream.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
    m_stream.avail_in = inLen;
    m_stream.next_out = out.data();
    m_stream.avail_out = outLen;
    const int rc = ::inflate(&m_stream, Z_NO_FLUSH);
    InflateStep step;
    step.consumed = inLen - m_stream.avail_in;
    step.produced = outLen - m_stream.avail_out;
    m_crc = static_cast<std::uint32_t>(crc32(m_crc, out.data(), static_cast<uInt>(step.produced)));
    if (rc == Z_STREAM_END) {
      step.status = Status::kMemberEnd;
    } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
      step.status = Status::kCorrupt;
      step.detail = m_stream.msg != nullptr ? m_stream.msg : "invalid deflate data";
    } else if (rc == Z_MEM_ERROR) {
      throw std::bad_alloc();
    }
    return step;
  }

  // zlib hands unused whole bytes back through next_in: none are held.
  void takeReadAhead(std::vector<std::uint8_t>&) override {}
  std::uint32_t crc() const override { return m_crc; }
  bool checksCrcFirst() const override { return true; }

 private:
  z_stream m_stream;
  std::uint32_t m_crc = 0;
};

#ifdef LOGMILL_HAVE_ISAL
class IsalResumer final : public RawResumer {
 public:
  IsalResumer() : m_state(std::make_unique<inflate_state>()) { isal_inflate_init(m_state.get()); }

  void start(unsigned bitCount, unsigned bits, std::vector<std::uint8_t>& window,
             std::uint32_t crc) override {
    // Raw deflate, but keep the gzip CRC-32 going from the checkpoint's.
    m_state->crc_flag = ISAL_GZIP_NO_HDR;
    m_state->crc = crc;
    if (!window.empty() &&
        isal_inflate_set_dict(m_state.get(), window.data(),
                              static_cast<std::uint32_t>(window.size())) != COMP_OK) {
      throw std::logic_error("ISA-L isal_inflate_set_dict refused");
    }
    // The bit buffer is consumed from its low end, as deflate packs bits.
    m_state->read_in = bits;
    m_state->read_in_length = static_cast<std::int32_t>(bitCount);
  }

  InflateStep inflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) override {
    return isalInflateCall(*m_state, in, out);
  }

  // ISA-L may have read past the deflate end into its bit buffer: drop the
  // last byte's padding bits, the whole bytes left are the trailer's start.
  void takeReadAhead(std::vector<std::uint8_t>& trailer) override {
    auto length = std::max(m_state->read_in_length, 0);
    std::uint64_t bits = m_state->read_in >> (length % 8);
    for (length -= length % 8; length >= 8 && trailer.size() < kTrailerBytes; length -= 8) {
      trailer.push_back(static_cast<std::uint8_t>(bits & 0xff));
      bits >>= 8;
    }
    m_state->read_in_length = 0;
  }
  std::uint32_t crc() const override { return m_state->crc; }
  bool checksCrcFirst() const override { return false; }

 private:
  std::unique_ptr<inflate_state> m_state;
};
#endif

std::unique_ptr<RawResumer> makeResumer(InflaterKind kind) {
#ifdef LOGMILL_HAVE_ISAL
  if (kind != InflaterKind::kZlib) return std::make_unique<IsalResumer>();
#else
  (void)kind;
#endif
  return std::make_unique<ZlibResumer>();
}

class ResumedInflater final : public Inflater {
 public:
  ResumedInflater(InflaterKind kind, const GzipCheckpoint& checkpoint,
                  std::vector<std::uint8_t> window)
      : m_kind(kind),
        m_raw(makeResumer(kind)),
        m_window(std::move(window)),
        m_skipBits(static_cast<unsigned>(checkpoint.compressedBit % 8)),
        m_memberText(checkpoint.textOffset - checkpoint.memberTextStart),
        m_startCrc(checkpoint.memberCrc) {}

  InflateStep inflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) override {
    if (m_whole) return m_whole->inflate(in, out);
    InflateStep step;
    if (!m_started) {
      if (in.empty()) return step;
      start(in, step);
    }
    if (!m_deflateEnded) {
      const InflateStep raw = m_raw->inflate(in.subspan(step.consumed), out);
      step.consumed += raw.consumed;
      step.produced = raw.produced;
      m_memberText += raw.produced;
      if (raw.status == Status::kCorrupt) {
        step.status = raw.status;
        step.detail = raw.detail;
        return step;
      }
      if (raw.status != Status::kMemberEnd) return step;
      m_deflateEnded = true;
      m_raw->takeReadAhead(m_trailer);
    }
    readTrailer(in, step);
    return step;
  }

  void reset() override {
    if (!m_whole) m_whole = makeInflater(m_kind);
    m_whole->reset();
  }
  const char* name() const override { return m_whole ? m_whole->name() : "resumed"; }

 private:
  // The checkpoint's first byte has its low m_skipBits bits in the previous
  // block: the decoder starts with the rest of them.
  void start(std::span<const std::uint8_t> in, InflateStep& step) {
    m_started = true;
    unsigned bitCount = 0, bits = 0;
    if (m_skipBits != 0) {
      bitCount = 8 - m_skipBits;
      bits = static_cast<unsigned>(in[0] >> m_skipBits);
      step.consumed = 1;
    }
    m_raw->start(bitCount, bits, m_window, m_startCrc);
    m_window = {};
  }

  // Checks the trailer as the whole-member decoder of the same library
  // would, so a damaged member gives the same error (words and offset)
  // whether it is read whole or from a checkpoint.
  void readTrailer(std::span<const std::uint8_t> in, InflateStep& step) {
    const bool crcFirst = m_raw->checksCrcFirst();
    while (m_trailer.size() < kTrailerBytes && step.consumed < in.size()) {
      m_trailer.push_back(in[step.consumed++]);
      if (crcFirst && m_trailer.size() == 4 && !crcMatches()) break;
    }
    if (crcFirst && m_trailer.size() >= 4 && !crcMatches()) {
      step.status = Status::kCorrupt;
      step.detail = "incorrect data check";  // zlib's words
      return;
    }
    if (m_trailer.size() < kTrailerBytes) return;
    const bool lengthMatches =
        littleEndian(4) == static_cast<std::uint32_t>(m_memberText);  // mod 2^32
    if (!crcMatches() || !lengthMatches) {
      step.status = Status::kCorrupt;
      step.detail = crcFirst ? "incorrect length check" : "incorrect data check";
      return;
    }
    step.status = Status::kMemberEnd;
  }

  [[nodiscard]] bool crcMatches() const { return littleEndian(0) == m_raw->crc(); }
  [[nodiscard]] std::uint32_t littleEndian(std::size_t at) const {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value |= std::uint32_t{m_trailer[at + i]} << (8 * i);
    return value;
  }

  InflaterKind m_kind;
  std::unique_ptr<RawResumer> m_raw;
  std::vector<std::uint8_t> m_window;
  unsigned m_skipBits;
  std::uint64_t m_memberText;  // text of this member so far, checkpoint included
  std::uint32_t m_startCrc;
  bool m_started = false;
  bool m_deflateEnded = false;
  std::vector<std::uint8_t> m_trailer;
  std::unique_ptr<Inflater> m_whole;  // after the first member
};

}  // namespace

std::unique_ptr<Inflater> makeResumedInflater(InflaterKind kind, const GzipCheckpoint& checkpoint,
                                              std::vector<std::uint8_t> window) {
  return std::make_unique<ResumedInflater>(kind, checkpoint, std::move(window));
}

}  // namespace logmill::workers
