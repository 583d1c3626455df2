#pragma once
// The coordinator <-> worker protocol, all of it in one place: how a worker
// is started (its argv, built and parsed here), what the coordinator puts in
// the shared segment for it, and every message either side sends (kinds and
// payload codecs). Integers are little-endian; decoders check sizes exactly
// and throw FrameError naming the message kind.
//
//   coordinator                                 worker (`logmill worker ...`)
//   spawn(WorkerArgs::argv()) ----------------> WorkerArgs::parse()
//   segment: TaskQueue kQueueName, FileTable kFileTableName
//   fd 3 (control): Query ------------------->
//   <---------------------------------------- fd 4 (results): Ready, then per
//                                             task Heartbeat*, Lines* (grep),
//                                             Held; a Result for all tasks
//                                             held so far whenever the queue
//                                             is empty (grep: after each
//                                             task); idle Heartbeats between
//   queue: one sentinel per worker ---------> exit 0

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/Frame.hpp"

namespace logmill::ipc {

/// Names of the objects the coordinator places in the run's shared segment.
inline constexpr const char* kQueueName = "tasks";
inline constexpr const char* kFileTableName = "files";
inline constexpr const char* kBlockRingName = "blocks";  ///< only when a stream is fanned out

/// Every kind of frame on a worker's pipes (the u16 type of a Frame).
enum class MessageType : std::uint16_t {
  Ready = 1,      ///< worker -> coordinator: started, attached to the segment
  Heartbeat = 2,  ///< worker -> coordinator: still alive; task id + bytes done
  Result = 3,     ///< worker -> coordinator: the held tasks' ids + their merged partial
  Query = 5,      ///< coordinator -> worker: the encoded query to run
  /// worker -> coordinator: a task id whose partial the worker merged into
  /// the one it holds, to come in its next Result; if the worker dies
  /// first, every task it held is run again.
  Held = 6,
  Lines = 0x101,  ///< worker -> coordinator: task id + a batch of grep's whole lines
};

[[nodiscard]] inline MessageType messageTypeOf(const Frame& frame) noexcept {
  return static_cast<MessageType>(frame.type);
}

/// Name for messages ("Result", or "type 300" for an unknown one).
[[nodiscard]] std::string messageTypeName(std::uint16_t type);

inline void writeFrame(const Fd& fd, MessageType type, std::string_view payload) {
  writeFrame(fd, static_cast<std::uint16_t>(type), payload);
}

/// How the coordinator starts a worker: `logmill worker` and these options.
struct WorkerArgs {
  static constexpr int kControlFd = 3;  ///< coordinator -> worker pipe, at this fd in the worker
  static constexpr int kResultFd = 4;   ///< worker -> coordinator pipe
  std::string segment;                  ///< shared-memory segment name
  unsigned index = 0;                   ///< worker number, for messages and test hooks
  unsigned generation = 0;              ///< 0 for a slot's first worker, +1 per replacement
  long parentPid = 0;                   ///< the coordinator; the worker exits when it dies
  unsigned heartbeatMs = 1000;
  std::string indexDir;  ///< gzip index cache directory; "" : none (no --index-dir)
  /// FileTable::checksum() of the run's table (--files-crc), kept outside the
  /// segment; nullopt: not checked.
  std::optional<std::uint32_t> filesCrc;

  /// The full argv: `selfExe worker --segment ... --heartbeat-ms N
  /// [--index-dir DIR]`.
  [[nodiscard]] std::vector<std::string> argv(const std::string& selfExe) const;
  /// Parses the options after `worker`. Throws std::invalid_argument naming
  /// the option on anything missing, unknown or malformed.
  [[nodiscard]] static WorkerArgs parse(std::span<const std::string> options);
  friend bool operator==(const WorkerArgs&, const WorkerArgs&) = default;
};

/// Ready: the worker is attached to the segment and about to pull tasks.
struct ReadyMessage {
  std::uint32_t workerIndex = 0;
  std::uint32_t pid = 0;
  friend bool operator==(const ReadyMessage&, const ReadyMessage&) = default;
};

/// Heartbeat: sent periodically, while working on a task and between tasks
/// (taskId kIdle), so silence means the worker is stopped or wedged.
struct HeartbeatMessage {
  static constexpr std::uint32_t kIdle = UINT32_MAX;  ///< taskId when between tasks
  std::uint32_t taskId = 0;
  std::uint64_t bytesDone = 0;  ///< input bytes of this task consumed so far
  friend bool operator==(const HeartbeatMessage&, const HeartbeatMessage&) = default;
};

/// Result or Lines: a task id and a body. `body` views the frame's payload
/// (no copy of a large partial): keep the Frame alive while using it.
struct TaskPayloadView {
  std::uint32_t taskId = 0;
  std::string_view body;
};

[[nodiscard]] std::string encodeReady(const ReadyMessage& m);
[[nodiscard]] ReadyMessage decodeReady(std::string_view payload);

[[nodiscard]] std::string encodeHeartbeat(const HeartbeatMessage& m);
[[nodiscard]] HeartbeatMessage decodeHeartbeat(std::string_view payload);

/// Held payload = u32 task id.
[[nodiscard]] std::string encodeHeld(std::uint32_t taskId);
[[nodiscard]] std::uint32_t decodeHeld(std::string_view payload);

/// A Result: the tasks (in the order they were held) whose merged partial
/// `body` is; `body` views the frame's payload, as TaskPayloadView does.
struct ResultView {
  std::vector<std::uint32_t> taskIds;
  std::string_view body;
};

/// Result payload = u32 n + n u32 task ids + encoded partial (one copy of
/// the body).
[[nodiscard]] std::string encodeResult(std::span<const std::uint32_t> taskIds,
                                       std::string_view partial);
/// What a Result payload holds before the partial (u32 n + n u32 task ids):
/// written as a frame's head with the partial as its body, no copy is made.
[[nodiscard]] std::string encodeResultHead(std::span<const std::uint32_t> taskIds);
[[nodiscard]] ResultView decodeResult(std::string_view payload);

/// Lines payload = u32 task id + whole lines, each ending in '\n'.
[[nodiscard]] std::string encodeLines(std::uint32_t taskId, std::string_view lines);
[[nodiscard]] TaskPayloadView decodeLines(std::string_view payload);

}  // namespace logmill::ipc
