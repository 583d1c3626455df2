#pragma once
// A whole gzip file as a stream of text: member after member, with damage
// reported only after the text decoded before it has been handed out.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "workers/input/InflateObserver.hpp"
#include "workers/input/Inflater.hpp"

namespace logmill::workers {

class InflaterStream {
 public:
  /// Supplies compressed input, block by block; an empty span is the end.
  /// A block stays valid until the next call. May throw InputError.
  using NextBlock = std::function<std::span<const std::uint8_t>()>;

  /// `name` is the file name used in error messages.
  InflaterStream(std::unique_ptr<Inflater> inflater, NextBlock nextBlock, std::string name);

  /// Starts in the middle of a file, at a checkpoint: `nextBlock` begins at
  /// compressed byte `firstByte` (so error offsets stay absolute) and
  /// `inflater` has been primed to resume inside a member there (see
  /// makeResumedInflater); `textOffset` is the text offset of that point.
  InflaterStream(std::unique_ptr<Inflater> inflater, NextBlock nextBlock, std::string name,
                 std::uint64_t firstByte, std::uint64_t textOffset);

  /// Tells `observer` (which must outlive the stream, or be reset to null)
  /// about members, text and, with a block-reporting inflater, block ends.
  void setObserver(InflateObserver* observer) { m_observer = observer; }

  /// Writes up to out.size() text bytes and returns how many; 0 only at the
  /// clean end of the input. Members are decoded one after the other;
  /// zero bytes after the last member are accepted. Damage throws
  /// InputError (`name: truncated gzip stream at byte N`, `name: corrupt gzip
  /// data at byte N (detail)`), but if text was decoded in the same call it
  /// is returned first and the error is thrown by the next call.
  [[nodiscard]] std::size_t read(std::span<std::uint8_t> out);

  /// Compressed bytes consumed so far.
  [[nodiscard]] std::uint64_t consumed() const { return m_consumed; }
  [[nodiscard]] const Inflater& inflater() const { return *m_inflater; }

 private:
  enum class State { kBetweenMembers, kInMember, kPadding };

  void decode(std::span<std::uint8_t> out, std::size_t& produced);
  void decodeMember(std::span<std::uint8_t> out, std::size_t& produced);
  bool refillInput();
  void take(std::size_t n);
  [[noreturn]] void throwCorrupt(const char* detail) const;

  std::unique_ptr<Inflater> m_inflater;
  NextBlock m_nextBlock;
  std::string m_name;
  std::span<const std::uint8_t> m_in;
  std::uint64_t m_consumed = 0;
  std::uint64_t m_text = 0;  // text offset of the next byte decoded
  InflateObserver* m_observer = nullptr;
  bool m_endSeen = false;
  State m_state = State::kBetweenMembers;
  bool m_inputEnded = false;
  std::exception_ptr m_pendingError;
};

}  // namespace logmill::workers
