#include "workers/input/BlockCutter.hpp"

#include <cstring>

#include "workers/input/InputError.hpp"

namespace logmill::workers {

std::size_t BlockCutter::fill(std::span<char> block, std::size_t from) {
  std::size_t got = from;
  try {
    // A short read is not the end: the text before damage comes short, the
    // error with the next read.
    while (!m_end && got < block.size()) {
      const std::size_t n =
          m_source.read({reinterpret_cast<std::uint8_t*>(block.data()) + got, block.size() - got});
      m_end = n == 0;
      got += n;
    }
  } catch (const InputError&) {
    m_pendingError = std::current_exception();
    m_end = true;
  }
  return got;
}

std::size_t BlockCutter::next(std::span<char> block) {
  for (;;) {
    if (m_pendingError && m_carry.empty()) std::rethrow_exception(m_pendingError);
    std::memcpy(block.data(), m_carry.data(), m_carry.size());
    const std::size_t held = fill(block, m_carry.size());
    m_carry.clear();
    if (held == 0) return 0;
    if (m_end && !m_pendingError) return held;  // the last line may lack its '\n'
    const void* last = ::memrchr(block.data(), '\n', held);
    if (last != nullptr) {
      const std::size_t cut = static_cast<const char*>(last) - block.data() + 1;
      if (!m_pendingError) m_carry.assign(block.data() + cut, held - cut);
      return cut;
    }
    if (m_pendingError) continue;  // a partial line before the damage: dropped
    dropLine(block, held);
  }
}

// The block holds the start of one line and no '\n': read on (using the
// block as scratch) to the line's end, and keep what follows it.
void BlockCutter::dropLine(std::span<char> scratch, std::size_t held) {
  std::uint64_t dropped = held;
  bool ended = false;
  for (;;) {
    const std::size_t n = fill(scratch, 0);
    const void* nl = std::memchr(scratch.data(), '\n', n);
    if (nl != nullptr) {
      const std::size_t end = static_cast<const char*>(nl) - scratch.data() + 1;
      m_carry.assign(scratch.data() + end, n - end);
      dropped += end;
      ended = true;
      break;
    }
    dropped += n;
    if (m_end) {
      ended = !m_pendingError;  // the input's last line, without a '\n'
      break;
    }
  }
  if (!ended) return;  // cut short by damage: never a whole line
  ++m_overlong;
  m_overlongBytes += dropped;
}

}  // namespace logmill::workers
