#pragma once
// Payload codecs for the standard message types (see MessageType). Integers
// are little-endian; decoders check sizes exactly and throw FrameError naming
// the message type, so a short or padded payload never goes unnoticed.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ipc/Frame.hpp"

namespace logmill::ipc {

/// Worker -> coordinator once it is attached to the segment and ready to pull.
struct ReadyMessage {
  std::uint32_t workerIndex = 0;
  std::uint32_t pid = 0;
  friend bool operator==(const ReadyMessage&, const ReadyMessage&) = default;
};

/// Worker -> coordinator periodically, while working on a task and between
/// tasks (taskId kIdle), so silence means the worker is stopped or wedged.
struct HeartbeatMessage {
  static constexpr std::uint32_t kIdle = UINT32_MAX;  ///< taskId when between tasks
  std::uint32_t taskId = 0;
  std::uint64_t bytesDone = 0;  ///< input bytes of this task consumed so far
  friend bool operator==(const HeartbeatMessage&, const HeartbeatMessage&) = default;
};

/// Worker -> coordinator: a task's result. `body` views the frame's payload
/// (no copy of a large partial): keep the Frame alive while using it.
struct ResultView {
  std::uint32_t taskId = 0;
  std::string_view body;
};

/// Worker -> coordinator: a task failed in a way that is not a per-file error.
struct TaskErrorMessage {
  std::uint32_t taskId = 0;
  std::string message;
  friend bool operator==(const TaskErrorMessage&, const TaskErrorMessage&) = default;
};

[[nodiscard]] std::string encodeReady(const ReadyMessage& m);
[[nodiscard]] ReadyMessage decodeReady(std::string_view payload);

[[nodiscard]] std::string encodeHeartbeat(const HeartbeatMessage& m);
[[nodiscard]] HeartbeatMessage decodeHeartbeat(std::string_view payload);

/// Result payload = u32 task id + body (one copy of the body).
[[nodiscard]] std::string encodeResult(std::uint32_t taskId, std::string_view body);
[[nodiscard]] ResultView decodeResult(std::string_view payload);

[[nodiscard]] std::string encodeTaskError(const TaskErrorMessage& m);
[[nodiscard]] TaskErrorMessage decodeTaskError(std::string_view payload);

}  // namespace logmill::ipc
