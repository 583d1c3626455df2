#pragma once
// Framed messages over a pipe. A frame is a 16-byte little-endian header
//   u32 magic 'LMFR' | u16 version | u16 type | u32 payload length | u32 CRC-32 of payload
// followed by the payload. Readers check every field before trusting it and
// never allocate more than the caller's cap, so a confused or dying peer
// produces a FrameError with a clear message, not a crash or a huge malloc.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ipc/posix.hpp"

namespace logmill::ipc {

inline constexpr std::uint32_t kFrameMagic = 0x52464D4C;  // "LMFR" on the wire (little-endian)
inline constexpr std::uint16_t kFrameVersion = 1;
inline constexpr std::size_t kFrameHeaderSize = 16;
/// Default cap on one payload (a partial aggregate can be tens of MB).
inline constexpr std::uint32_t kDefaultMaxPayload = 256u << 20;

struct Frame {
  std::uint16_t type = 0;
  std::string payload;
};

/// A frame that cannot be trusted: bad magic or version, length over the cap,
/// checksum mismatch, or the stream ended inside a frame.
class FrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// CRC-32 (IEEE 802.3, the zlib/gzip one) of `data`, continuing from `crc`.
[[nodiscard]] std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0) noexcept;

/// The 16 header bytes for a payload.
[[nodiscard]] std::array<std::byte, kFrameHeaderSize> encodeFrameHeader(std::uint16_t type,
                                                                        std::string_view payload);
/// The 16 header bytes for the payload `head` followed by `body`.
[[nodiscard]] std::array<std::byte, kFrameHeaderSize> encodeFrameHeader(std::uint16_t type,
                                                                        std::string_view head,
                                                                        std::string_view body);
/// A whole frame as bytes (header + payload); handy for tests and buffers.
[[nodiscard]] std::string encodeFrame(std::uint16_t type, std::string_view payload);

/// Writes one frame with blocking writes (retries EINTR; EPIPE -> SystemError
/// "write to <name>: Broken pipe"). A frame longer than PIPE_BUF is not atomic:
/// with several writer threads on one fd, use FrameWriter.
void writeFrame(const Fd& fd, std::uint16_t type, std::string_view payload);
/// Writes one frame whose payload is `head` followed by `body`, without a
/// copy joining them (a worker's result: task ids, then a partial of MBs).
void writeFrame(const Fd& fd, std::uint16_t type, std::string_view head, std::string_view body);

/// Reads one frame from a blocking fd. nullopt on a clean end of file before
/// the first header byte; FrameError (naming fd.name()) on anything else wrong.
[[nodiscard]] std::optional<Frame> readFrame(const Fd& fd,
                                             std::uint32_t maxPayload = kDefaultMaxPayload);

/// Thread-safe writer: whole frames from several threads never interleave
/// (e.g. a worker's heartbeat thread and its main thread sending a Result).
class FrameWriter {
 public:
  explicit FrameWriter(Fd fd) : m_fd(std::move(fd)) {}
  void write(std::uint16_t type, std::string_view payload) { write(type, payload, {}); }
  /// One frame whose payload is `head` followed by `body` (writeFrame).
  void write(std::uint16_t type, std::string_view head, std::string_view body);
  template <typename Kind>
  void write(Kind type, std::string_view payload) {
    write(static_cast<std::uint16_t>(type), payload, {});
  }
  template <typename Kind>
  void write(Kind type, std::string_view head, std::string_view body) {
    write(static_cast<std::uint16_t>(type), head, body);
  }
  /// Closes the descriptor (the reader then sees end of file) after any
  /// frame in progress; later writes throw.
  void close();
  [[nodiscard]] const Fd& fd() const noexcept { return m_fd; }

 private:
  std::mutex m_mutex;
  Fd m_fd;
};

/// Incremental decoder for a non-blocking fd in a poll loop: feed whatever
/// bytes arrived, pop the frames that are complete. Validates each header as
/// soon as its 16 bytes are in, so an oversize length is refused before any
/// payload is buffered. After a FrameError the stream is unusable.
class FrameDecoder {
 public:
  /// `name` labels errors ("worker 3 results pipe").
  explicit FrameDecoder(std::string name, std::uint32_t maxPayload = kDefaultMaxPayload);

  /// Appends bytes; throws FrameError on a bad header or checksum.
  void feed(std::string_view bytes);
  /// The oldest complete frame, if any.
  [[nodiscard]] std::optional<Frame> pop();
  /// Reads what a non-blocking fd has right now and feeds it. Returns false at
  /// end of file (throwing FrameError if that EOF cuts a frame), true otherwise.
  bool readFrom(int fd);
  /// Call at end of file: throws FrameError if a frame was cut off.
  void finish() const;
  /// True when no partial frame is buffered.
  [[nodiscard]] bool atFrameBoundary() const noexcept;
  [[nodiscard]] const std::string& name() const noexcept { return m_name; }

 private:
  void completeHeader();
  void completeFrame();
  /// The rest of the payload buffer, grown when full (never empty while a
  /// payload is incomplete).
  std::span<char> payloadRoom();

  std::string m_name;
  std::uint32_t m_maxPayload;
  std::array<std::byte, kFrameHeaderSize> m_header{};
  std::size_t m_headerBytes = 0;  // header bytes of the current frame seen so far
  bool m_haveHeader = false;
  std::uint32_t m_length = 0;  // payload length, once the header is in
  std::uint32_t m_crc = 0;     // payload checksum the header promises
  Frame m_current;             // the frame being assembled
  std::size_t m_filled = 0;    // payload bytes received (the buffer may be longer)
  std::uint64_t m_offset = 0;  // stream offset where the current frame starts
  std::deque<Frame> m_ready;
};

}  // namespace logmill::ipc
