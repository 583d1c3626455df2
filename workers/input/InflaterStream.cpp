#include "workers/input/InflaterStream.hpp"

#include <algorithm>
#include <utility>

#include "workers/input/InputError.hpp"
#include "workers/input/gzipMagic.hpp"

namespace logmill::workers {

InflaterStream::InflaterStream(std::unique_ptr<Inflater> inflater, NextBlock nextBlock,
                               std::string name)
    : m_inflater(std::move(inflater)), m_nextBlock(std::move(nextBlock)), m_name(std::move(name)) {}

InflaterStream::InflaterStream(std::unique_ptr<Inflater> inflater, NextBlock nextBlock,
                               std::string name, std::uint64_t firstByte, std::uint64_t textOffset)
    : m_inflater(std::move(inflater)),
      m_nextBlock(std::move(nextBlock)),
      m_name(std::move(name)),
      m_consumed(firstByte),
      m_text(textOffset),
      m_state(State::kInMember) {}

std::size_t InflaterStream::read(std::span<std::uint8_t> out) {
  if (m_pendingError) std::rethrow_exception(m_pendingError);
  std::size_t produced = 0;
  try {
    decode(out, produced);
  } catch (const InputError&) {
    // Throwing now would lose the text decoded before the damage: the caller
    // gets that text first, and the error from its next call.
    m_pendingError = std::current_exception();
    if (produced == 0) throw;
  }
  return produced;
}

// `produced` is updated as text is written so that it is known when a throw
// interrupts the loop.
void InflaterStream::decode(std::span<std::uint8_t> out, std::size_t& produced) {
  while (produced < out.size()) {
    // At the end of input a member in progress still gets a call with no
    // input: it may hold decoded text, or be truncated.
    if (m_in.empty() && !refillInput() && m_state != State::kInMember) {
      if (m_observer != nullptr && !m_endSeen) m_observer->onEnd(m_consumed, m_text);
      m_endSeen = true;
      return;
    }
    switch (m_state) {
      case State::kBetweenMembers:
        // Only another gzip header (the inflater checks beyond its first
        // byte) or zero padding may follow a member.
        if (m_in.front() == kGzipMagic[0]) {
          m_inflater->reset();
          m_state = State::kInMember;
          if (m_observer != nullptr) m_observer->onMemberStart(m_consumed, m_text);
        } else if (m_in.front() == 0) {
          m_state = State::kPadding;
        } else {
          throwCorrupt("trailing garbage after gzip member");
        }
        break;
      case State::kPadding: {
        const auto nonZero = std::find_if(m_in.begin(), m_in.end(), [](auto b) { return b != 0; });
        take(static_cast<std::size_t>(nonZero - m_in.begin()));
        if (!m_in.empty()) throwCorrupt("trailing garbage after gzip member");
        break;
      }
      case State::kInMember:
        decodeMember(out, produced);
        break;
    }
  }
}

void InflaterStream::decodeMember(std::span<std::uint8_t> out, std::size_t& produced) {
  const InflateStep step = m_inflater->inflate(m_in, out.subspan(produced));
  take(step.consumed);
  if (m_observer != nullptr && step.produced > 0) {
    m_observer->onText({out.data() + produced, step.produced});
  }
  produced += step.produced;
  m_text += step.produced;
  if (step.status == InflateStep::Status::kMemberEnd) {
    m_state = State::kBetweenMembers;
  } else if (step.status == InflateStep::Status::kCorrupt) {
    throwCorrupt(step.detail);
  } else if (step.consumed == 0 && step.produced == 0) {
    if (m_inputEnded) {
      throw InputError(m_name + ": truncated gzip stream at byte " + std::to_string(m_consumed));
    }
    if (!m_in.empty()) throwCorrupt("decoder made no progress");
  }
  if (step.atBlockEnd && m_observer != nullptr) {
    m_observer->onBlockEnd(m_consumed * 8 - step.unusedBits, m_text, step.memberCrc);
  }
}

bool InflaterStream::refillInput() {
  if (m_inputEnded) return false;
  m_in = m_nextBlock();
  m_inputEnded = m_in.empty();
  return !m_inputEnded;
}

void InflaterStream::take(std::size_t n) {
  m_in = m_in.subspan(n);
  m_consumed += n;
}

void InflaterStream::throwCorrupt(const char* detail) const {
  throw InputError(m_name + ": corrupt gzip data at byte " + std::to_string(m_consumed) + " (" +
                   detail + ")");
}

}  // namespace logmill::workers
