#pragma once
// What the store remembers of one log stream (a log's text, recognized by
// its content whatever the file is called now), and the running position
// of a reader over it.

#include <cstdint>
#include <string>
#include <string_view>

namespace logmill::engine::store {

/// Text bytes hashed to recognize a stream (fewer while it is shorter).
inline constexpr std::size_t kFingerprintBytes = 4096;
/// Text bytes before the committed offset hashed to check a file continues.
inline constexpr std::size_t kTailBytes = 4096;

/// Hex SHA-256 of `bytes`.
[[nodiscard]] std::string textHash(std::string_view bytes);

struct StreamState {
  std::int64_t id = 0;                 ///< row id; 0 until first stored
  std::uint64_t fingerprintBytes = 0;  ///< how many first text bytes `fingerprint` hashes
  std::string fingerprint;             ///< textHash of those bytes
  std::uint64_t offset = 0;            ///< committed text bytes (a line boundary, or the end)
  std::uint32_t crc = 0;               ///< CRC-32 of text [0, offset)
  std::uint64_t tailBytes = 0;         ///< min(kTailBytes, offset)
  std::string tailHash;                ///< textHash of text [offset - tailBytes, offset)
  std::string lastPath;                ///< the file it was last read from (for people)

  /// True if `head` (the first text bytes of a file, up to
  /// kFingerprintBytes) starts like this stream.
  [[nodiscard]] bool fingerprintMatches(std::string_view head) const;
};

/// Committed position while reading a stream: offset, CRC-32 and the last
/// kTailBytes bytes; advanced over text in order.
class StreamCursor {
 public:
  StreamCursor() = default;
  /// Resumes at a stream's committed position; `tail` is its text
  /// [offset - tailBytes, offset).
  StreamCursor(const StreamState& state, std::string tail);

  void advance(std::string_view text);
  [[nodiscard]] std::uint64_t offset() const { return m_offset; }
  [[nodiscard]] std::uint32_t crc() const { return m_crc; }

  /// Writes the position into `state`; `head` (the stream's first text
  /// bytes, as read from the file) refreshes a fingerprint shorter than
  /// kFingerprintBytes.
  void commitTo(StreamState& state, std::string_view head) const;

 private:
  std::uint64_t m_offset = 0;
  std::uint32_t m_crc = 0;
  std::string m_tail;
};

}  // namespace logmill::engine::store
