#include "workers/input/Inflater.hpp"

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

#include "workers/input/gzipMagic.hpp"

namespace logmill::workers {
namespace {

using Status = InflateStep::Status;

// Both libraries count in 32 bits; our buffers are far smaller, but a caller
// may pass anything, so each call takes at most this much.
constexpr std::size_t kMaxChunk = UINT_MAX / 2;

class ZlibInflater final : public Inflater {
 public:
  // Z_BLOCK: return after each deflate block, so its end can be reported.
  explicit ZlibInflater(bool reportBlocks = false) : m_flush(reportBlocks ? Z_BLOCK : Z_NO_FLUSH) {
    std::memset(&m_stream, 0, sizeof m_stream);
    // 15 + 32: the largest window, and parse the gzip (or zlib) wrapper.
    if (inflateInit2(&m_stream, 15 + 32) != Z_OK) throw std::bad_alloc();
  }
  ~ZlibInflater() override { inflateEnd(&m_stream); }
  ZlibInflater(const ZlibInflater&) = delete;
  ZlibInflater& operator=(const ZlibInflater&) = delete;

  InflateStep inflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) override {
    const auto inLen = static_cast<uInt>(std::min(in.size(), kMaxChunk));
    const auto outLen = static_cast<uInt>(std::min(out.size(), kMaxChunk));
    m_stream.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
    m_stream.avail_in = inLen;
    m_stream.next_out = out.data();
    m_stream.avail_out = outLen;
    const int rc = ::inflate(&m_stream, m_flush);
    InflateStep step;
    step.consumed = inLen - m_stream.avail_in;
    step.produced = outLen - m_stream.avail_out;
    // data_type: 128 = stopped after a block end (or the header), 64 = in
    // the last block, low bits = unused bits of the last byte.
    if (m_flush == Z_BLOCK && rc == Z_OK && (m_stream.data_type & 128) != 0 &&
        (m_stream.data_type & 64) == 0) {
      step.atBlockEnd = true;
      step.unusedBits = static_cast<std::uint8_t>(m_stream.data_type & 7);
      step.memberCrc = static_cast<std::uint32_t>(m_stream.adler);  // gzip: the running CRC-32
    }
    switch (rc) {
      case Z_OK:
      case Z_BUF_ERROR:  // no progress possible: more input or output needed
        break;
      case Z_STREAM_END:
        step.status = Status::kMemberEnd;
        break;
      case Z_NEED_DICT:
        step.status = Status::kCorrupt;
        step.detail = "stream needs a preset dictionary";
        break;
      case Z_DATA_ERROR:
        step.status = Status::kCorrupt;
        step.detail = m_stream.msg != nullptr ? m_stream.msg : "invalid deflate data";
        break;
      case Z_MEM_ERROR:
        throw std::bad_alloc();
      default:
        throw std::logic_error("zlib inflate: inconsistent stream state");
    }
    return step;
  }

  void reset() override { inflateReset(&m_stream); }
  const char* name() const override { return "zlib"; }

 private:
  int m_flush;
  z_stream m_stream;
};

#ifdef LOGMILL_HAVE_ISAL
// Reads a gzip member header (RFC 1952) byte by byte, so it may arrive in
// pieces of any size. ISA-L's own header parser rejects a valid header CRC
// (FHCRC) when the header is split across calls, so it only gets the
// deflate data and the trailer.
class GzipHeaderParser {
 public:
  void reset() { *this = GzipHeaderParser(); }
  [[nodiscard]] bool done() const { return m_state == State::kDone; }

  /// Consumes header bytes from `in`; returns how many. Sets `error` (and
  /// stops) on a bad header.
  std::size_t parse(std::span<const std::uint8_t> in, const char*& error) {
    std::size_t i = 0;
    while (i < in.size() && m_state != State::kDone && error == nullptr) {
      const std::uint8_t b = in[i++];
      if (m_state != State::kHeaderCrc) m_crc = crc32(m_crc, &b, 1);
      error = step(b);
    }
    return i;
  }

 private:
  enum class State { kFixed, kExtraLength, kExtra, kName, kComment, kHeaderCrc, kDone };
  static constexpr std::uint8_t kFlagHeaderCrc = 0x02, kFlagExtra = 0x04, kFlagName = 0x08,
                                kFlagComment = 0x10, kFlagReserved = 0xe0;

  const char* step(std::uint8_t b) {
    switch (m_state) {
      case State::kFixed:
        m_fixed[m_count++] = b;
        if (m_count == 1 && b != kGzipMagic[0]) return "invalid gzip header";
        if (m_count == 2 && b != kGzipMagic[1]) return "invalid gzip header";
        if (m_count == 3 && b != 8) return "unknown compression method";
        if (m_count == 4 && (b & kFlagReserved) != 0) return "invalid gzip header flags";
        if (m_count == 10) advance(State::kExtraLength);
        return nullptr;
      case State::kExtraLength:
        m_extraLeft |= static_cast<std::uint32_t>(b) << (8 * m_count++);
        if (m_count == 2) advance(State::kExtra);
        return nullptr;
      case State::kExtra:
        if (--m_extraLeft == 0) advance(State::kName);
        return nullptr;
      case State::kName:
        if (b == 0) advance(State::kComment);
        return nullptr;
      case State::kComment:
        if (b == 0) advance(State::kHeaderCrc);
        return nullptr;
      case State::kHeaderCrc:
        m_storedCrc |= static_cast<std::uint32_t>(b) << (8 * m_count++);
        if (m_count < 2) return nullptr;
        m_state = State::kDone;
        return m_storedCrc == (m_crc & 0xffff) ? nullptr : "header crc mismatch";
      case State::kDone:
        return nullptr;
    }
    return nullptr;
  }

  // Moves to `next`, or past it when the flags say it is absent.
  void advance(State next) {
    const std::uint8_t flags = m_fixed[3];
    m_count = 0;
    m_state = next;
    if (m_state == State::kExtraLength && (flags & kFlagExtra) == 0) m_state = State::kName;
    if (m_state == State::kExtra && m_extraLeft == 0) m_state = State::kName;
    if (m_state == State::kName && (flags & kFlagName) == 0) m_state = State::kComment;
    if (m_state == State::kComment && (flags & kFlagComment) == 0) m_state = State::kHeaderCrc;
    if (m_state == State::kHeaderCrc && (flags & kFlagHeaderCrc) == 0) m_state = State::kDone;
  }

  State m_state = State::kFixed;
  std::uint8_t m_fixed[10] = {};
  unsigned m_count = 0;
  std::uint32_t m_extraLeft = 0;
  std::uint32_t m_storedCrc = 0;
  uLong m_crc = crc32(0, nullptr, 0);
};

// Past each checkpoint target the decoder looks for a block end: ISA-L only
// stops where its input or output ends, and a call that ends inside a block
// header returns at the header's start (ISAL_BLOCK_HDR) with the text before
// it all decoded: a block end. A dynamic block's header is longer than
// kStepBytes, so feeding pieces that end at multiples of kStepBytes of the
// member's deflate data stops inside every such header (and the block ends
// found do not depend on how the input arrives). Pieces that small cost a
// call each, so the decoder first takes kCoarseBytes pieces from a copy of
// its state, and goes back to step finely through the one piece in which it
// read a new Huffman table. After kMaxStepBytes without a block end (short
// headers: static codes) the target is dropped, and after kMaxMisses such
// targets in a row the rest of the file is decoded without looking (a stored
// block's 5-byte header is caught within 8 blocks).
constexpr std::uint64_t kStepBytes = 32;
constexpr std::uint64_t kCoarseBytes = 2048;
constexpr std::uint64_t kMaxStepBytes = 1 << 20;
constexpr int kMaxMisses = 2;
constexpr std::uint64_t kNever = ~std::uint64_t{0};

class IsalInflater final : public Inflater {
 public:
  // inflate_state holds ~40 KiB of tables and history: keep it on the heap.
  // `spacing` > 0: report a block end about every `spacing` text bytes.
  explicit IsalInflater(std::uint64_t spacing = 0)
      : m_spacing(spacing), m_state(std::make_unique<inflate_state>()) {
    reset();
  }

  InflateStep inflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) override {
    InflateStep step;
    if (!m_header.done()) {
      const char* error = nullptr;
      step.consumed = m_header.parse(in, error);
      if (error != nullptr) {
        step.status = Status::kCorrupt;
        step.detail = error;
        return step;
      }
      if (!m_header.done()) return step;
      in = in.subspan(step.consumed);
    }
    if (m_memberText < m_nextTarget) {
      // Stop at the target, so that stepping starts there.
      if (m_nextTarget != kNever)
        out = out.first(std::min(out.size(), m_nextTarget - m_memberText));
      decode(in, out, step);
      if (m_memberText >= m_nextTarget) m_stepStart = m_deflateIn;
    } else {
      stepToBlockEnd(in, out, step);
    }
    return step;
  }

  void reset() override {
    m_header.reset();
    isal_inflate_init(m_state.get());
    // Raw deflate, then verify the CRC-32 and length in the gzip trailer.
    m_state->crc_flag = ISAL_GZIP_NO_HDR_VER;
    m_memberText = m_deflateIn = m_fineUntil = 0;
    m_nextTarget = m_spacing > 0 && m_misses < kMaxMisses ? m_spacing : kNever;
  }
  const char* name() const override { return "isa-l"; }

 private:
  // One isal_inflate call on `in` into `out` (after what `step` already
  // holds), adding to `step`; returns the bytes it consumed.
  std::size_t decode(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                     InflateStep& step) {
    const InflateStep call = isalInflateCall(*m_state, in, out);
    step.consumed += call.consumed;
    step.produced += call.produced;
    m_memberText += call.produced;
    m_deflateIn += call.consumed;
    if (call.status != Status::kProgress) {
      step.status = call.status;
      step.detail = call.detail;
    }
    return call.consumed;
  }

  // Decodes piece by piece until a call returns at a block's start, the
  // output is full, the input is used up or the member ends.
  void stepToBlockEnd(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                      InflateStep& step) {
    for (bool first = true;; first = false) {
      if (m_deflateIn % kStepBytes == 0 && atBlockStart()) {
        // The decoder waits for input there: hand out the text it holds
        // first (the caller may have had no room for it).
        if (textHeld()) decode({}, out.subspan(step.produced), step);
        if (textHeld()) return;
        step.atBlockEnd = true;
        step.unusedBits = static_cast<std::uint32_t>(m_state->read_in_length) +
                          8 * static_cast<std::uint32_t>(m_state->tmp_in_size);
        step.memberCrc = m_state->crc;
        m_misses = 0;
        m_fineUntil = 0;
        m_nextTarget = m_memberText + m_spacing;
        return;
      }
      if (m_deflateIn >= m_stepStart + kMaxStepBytes) {
        m_nextTarget = ++m_misses < kMaxMisses ? m_memberText + m_spacing : kNever;
        return;
      }
      if ((in.empty() && !first) || step.produced == out.size()) return;
      in = in.subspan(
          m_deflateIn < m_fineUntil || in.size() < kCoarseBytes
              ? decode(in.first(pieceSize(in, kStepBytes)), out.subspan(step.produced), step)
              : coarseStep(in, out, step));
      if (step.status != Status::kProgress) return;
    }
  }

  [[nodiscard]] std::size_t pieceSize(std::span<const std::uint8_t> in, std::uint64_t grid) const {
    return std::min<std::size_t>(in.size(), grid - m_deflateIn % grid);
  }

  // One kCoarseBytes piece; if the decoder read a new Huffman table in it
  // (or a stored block's header), it is taken back and the piece is to be
  // stepped through finely. Returns the bytes consumed (0 when taken back).
  std::size_t coarseStep(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                         InflateStep& step) {
    if (!m_saved) m_saved = std::make_unique<inflate_state>();
    *m_saved = *m_state;
    const InflateStep savedStep = step;
    const std::uint64_t savedText = m_memberText, savedIn = m_deflateIn;
    const std::uint64_t table = tableFingerprint();
    const std::size_t piece = pieceSize(in, kCoarseBytes);
    const std::size_t consumed = decode(in.first(piece), out.subspan(step.produced), step);
    const bool newBlock = tableFingerprint() != table || m_state->block_state == ISAL_BLOCK_TYPE0 ||
                          m_state->block_state == ISAL_BLOCK_HDR ||
                          m_state->block_state == ISAL_BLOCK_NEW_HDR;
    // Stopped inside a header already: the caller takes the block end.
    const bool caught = m_deflateIn % kStepBytes == 0 && atBlockStart();
    if (!newBlock || caught || step.status != Status::kProgress) return consumed;
    *m_state = *m_saved;
    step = savedStep;
    m_memberText = savedText;
    m_deflateIn = savedIn;
    m_fineUntil = savedIn + piece;
    return 0;
  }

  // Changes (almost surely) when the decoder reads a dynamic block's header.
  [[nodiscard]] std::uint64_t tableFingerprint() const {
    const auto& lookup = m_state->lit_huff_code.short_code_lookup;
    constexpr std::size_t kSize = sizeof lookup / sizeof lookup[0];
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < 16; ++i) sum = sum * 1000003 + lookup[(i * 263 + 7) % kSize];
    return sum;
  }

  // The decoder sits right before a block header (ISAL_BLOCK_HDR: inside it,
  // the bytes read so far kept aside; ISAL_BLOCK_NEW_HDR: a stored block
  // ended with the input).
  [[nodiscard]] bool atBlockStart() const {
    const auto& s = *m_state;
    return (s.block_state == ISAL_BLOCK_HDR || s.block_state == ISAL_BLOCK_NEW_HDR) &&
           s.write_overflow_len == 0 && s.copy_overflow_length == 0 && s.read_in_length >= 0;
  }
  // Decoded text not handed out yet.
  [[nodiscard]] bool textHeld() const {
    return m_state->tmp_out_valid != m_state->tmp_out_processed;
  }

  std::uint64_t m_spacing;
  GzipHeaderParser m_header;
  std::unique_ptr<inflate_state> m_state;
  std::uint64_t m_memberText = 0;          // this member's text so far
  std::uint64_t m_deflateIn = 0;           // this member's bytes after its header, so far
  std::uint64_t m_nextTarget = kNever;     // stepping starts at this member text offset
  std::uint64_t m_stepStart = 0;           // m_deflateIn when stepping started
  int m_misses = 0;                        // targets dropped in a row, over all members
  std::uint64_t m_fineUntil = 0;           // step by kStepBytes up to this m_deflateIn
  std::unique_ptr<inflate_state> m_saved;  // the state before a coarse step
};
#endif

}  // namespace

bool haveIsal() {
#ifdef LOGMILL_HAVE_ISAL
  return true;
#else
  return false;
#endif
}

std::unique_ptr<Inflater> makeInflater(InflaterKind kind) {
#ifdef LOGMILL_HAVE_ISAL
  if (kind != InflaterKind::kZlib) return std::make_unique<IsalInflater>();
#else
  (void)kind;
#endif
  return std::make_unique<ZlibInflater>();
}

std::unique_ptr<Inflater> makeBlockInflater(InflaterKind kind, std::uint64_t spacing) {
  if (spacing == 0) return makeInflater(kind);
#ifdef LOGMILL_HAVE_ISAL
  if (kind != InflaterKind::kZlib) return std::make_unique<IsalInflater>(spacing);
#endif
  return std::make_unique<ZlibInflater>(true);
}

}  // namespace logmill::workers
