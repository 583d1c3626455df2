#include "workers/input/isalInflateCall.hpp"

#ifdef LOGMILL_HAVE_ISAL
#include <algorithm>
#include <climits>
#include <cstddef>

namespace logmill::workers {
namespace {

// ISA-L counts in 32 bits; our buffers are far smaller, but a caller may
// pass anything, so each call takes at most this much.
constexpr std::size_t kMaxChunk = UINT_MAX / 2;

const char* isalErrorText(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid code in deflate data";
    case ISAL_INVALID_LOOKBACK:
      return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER:
      return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "incorrect data check";  // zlib's words for a CRC or length mismatch
    case ISAL_NEED_DICT:
      return "stream needs a preset dictionary";
    default:
      return "invalid deflate data";
  }
}

}  // namespace

InflateStep isalInflateCall(inflate_state& state, std::span<const std::uint8_t> in,
                            std::span<std::uint8_t> out) {
  const auto inLen = static_cast<std::uint32_t>(std::min(in.size(), kMaxChunk));
  const auto outLen = static_cast<std::uint32_t>(std::min(out.size(), kMaxChunk));
  state.next_in = const_cast<std::uint8_t*>(in.data());  // ISA-L's API is not const-correct
  state.avail_in = inLen;
  state.next_out = out.data();
  state.avail_out = outLen;
  const int rc = isal_inflate(&state);
  InflateStep step;
  step.consumed = inLen - state.avail_in;
  step.produced = outLen - state.avail_out;
  if (rc < 0 || rc == ISAL_NEED_DICT) {
    step.status = InflateStep::Status::kCorrupt;
    step.detail = isalErrorText(rc);
    // ISA-L reads up to 8 bytes ahead into a bit buffer; the damage is
    // before those, so report the offset zlib would.
    const auto buffered = static_cast<std::size_t>(std::max(state.read_in_length, 0) / 8);
    step.consumed -= std::min(buffered, step.consumed);
  } else if (state.block_state == ISAL_BLOCK_FINISH) {
    step.status = InflateStep::Status::kMemberEnd;
  }
  return step;
}

}  // namespace logmill::workers
#endif
