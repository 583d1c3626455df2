#include "engine/store/StreamState.hpp"

#include <zlib.h>

#include <algorithm>

#include "datasets/Sha256.hpp"

namespace logmill::engine::store {

std::string textHash(std::string_view bytes) {
  return datasets::sha256Hex(bytes);
}

bool StreamState::fingerprintMatches(std::string_view head) const {
  return fingerprintBytes > 0 && head.size() >= fingerprintBytes &&
         textHash(head.substr(0, fingerprintBytes)) == fingerprint;
}

StreamCursor::StreamCursor(const StreamState& state, std::string tail)
    : m_offset(state.offset), m_crc(state.crc), m_tail(std::move(tail)) {}

void StreamCursor::advance(std::string_view text) {
  // zlib's crc32 takes a uInt length: feed it in pieces.
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t n = std::min<std::size_t>(rest.size(), 1u << 30);
    m_crc = static_cast<std::uint32_t>(
        crc32(m_crc, reinterpret_cast<const Bytef*>(rest.data()), static_cast<uInt>(n)));
    rest.remove_prefix(n);
  }
  m_offset += text.size();
  if (text.size() >= kTailBytes) {
    m_tail.assign(text.substr(text.size() - kTailBytes));
  } else {
    m_tail.append(text);
    if (m_tail.size() > kTailBytes) m_tail.erase(0, m_tail.size() - kTailBytes);
  }
}

void StreamCursor::commitTo(StreamState& state, std::string_view head) const {
  state.offset = m_offset;
  state.crc = m_crc;
  state.tailBytes = m_tail.size();
  state.tailHash = textHash(m_tail);
  const std::uint64_t fp = std::min<std::uint64_t>({kFingerprintBytes, m_offset, head.size()});
  if (fp > state.fingerprintBytes) {
    state.fingerprintBytes = fp;
    state.fingerprint = textHash(head.substr(0, fp));
  }
}

}  // namespace logmill::engine::store
