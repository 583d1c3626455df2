// libFuzzer target: the pipe framing a coordinator reads from its workers
// (ipc::FrameDecoder) and the message codecs on top of it. The first byte
// sets the chunk size bytes are fed in (a pipe delivers any split); each
// complete frame's payload goes through the decoder for its type. Bad input
// must surface as an exception (FrameError/runtime_error), never as a crash
// or an allocation past the payload cap.

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "ipc/Frame.hpp"
#include "ipc/WorkerProtocol.hpp"
#include "tests/fuzz/fuzzInput.hpp"
#include "workers/map/Partial.hpp"

using namespace logmill;

namespace {

constexpr std::uint32_t kCap = 1 << 16;

void decodePayload(const ipc::Frame& frame) {
  try {
    switch (ipc::messageTypeOf(frame)) {
      case ipc::MessageType::Ready:
        (void)ipc::decodeReady(frame.payload);
        break;
      case ipc::MessageType::Heartbeat:
        (void)ipc::decodeHeartbeat(frame.payload);
        break;
      case ipc::MessageType::Lines:
        (void)ipc::decodeLines(frame.payload);
        break;
      case ipc::MessageType::Held:
        (void)ipc::decodeHeld(frame.payload);
        break;
      case ipc::MessageType::Result: {
        const ipc::ResultView r = ipc::decodeResult(frame.payload);
        LOGMILL_FUZZ_CHECK(r.body.size() + 4 + 4 * r.taskIds.size() == frame.payload.size());
        (void)workers::Partial::decode(r.body);
        break;
      }
      default:
        (void)ipc::messageTypeName(frame.type);
        break;
    }
  } catch (const std::runtime_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const std::size_t chunk = 1 + in.byte() % 64;
  std::string_view rest = in.rest();
  ipc::FrameDecoder decoder("fuzz pipe", kCap);
  try {
    while (!rest.empty()) {
      const std::size_t n = std::min(chunk, rest.size());
      decoder.feed(rest.substr(0, n));
      rest.remove_prefix(n);
      while (auto frame = decoder.pop()) {
        LOGMILL_FUZZ_CHECK(frame->payload.size() <= kCap);
        decodePayload(*frame);
      }
    }
    decoder.finish();
  } catch (const ipc::FrameError& e) {
    LOGMILL_FUZZ_CHECK(std::string_view(e.what()).find("fuzz pipe") != std::string_view::npos);
  }
  return 0;
}
