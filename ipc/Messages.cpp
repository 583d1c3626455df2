#include "ipc/Messages.hpp"

namespace logmill::ipc {

namespace {

void putU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void putU64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t getLe(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= std::uint64_t(static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])) << (8 * i);
  }
  return v;
}

void requireSize(MessageType type, std::string_view payload, std::size_t expected, bool atLeast) {
  const bool ok = atLeast ? payload.size() >= expected : payload.size() == expected;
  if (!ok) {
    throw FrameError(messageTypeName(static_cast<std::uint16_t>(type)) + " payload is " +
                     std::to_string(payload.size()) + " bytes, expected " +
                     (atLeast ? "at least " : "") + std::to_string(expected));
  }
}

}  // namespace

std::string encodeReady(const ReadyMessage& m) {
  std::string out;
  putU32(out, m.workerIndex);
  putU32(out, m.pid);
  return out;
}

ReadyMessage decodeReady(std::string_view payload) {
  requireSize(MessageType::Ready, payload, 8, false);
  return {static_cast<std::uint32_t>(getLe(payload, 0, 4)),
          static_cast<std::uint32_t>(getLe(payload, 4, 4))};
}

std::string encodeHeartbeat(const HeartbeatMessage& m) {
  std::string out;
  putU32(out, m.taskId);
  putU64(out, m.bytesDone);
  return out;
}

HeartbeatMessage decodeHeartbeat(std::string_view payload) {
  requireSize(MessageType::Heartbeat, payload, 12, false);
  return {static_cast<std::uint32_t>(getLe(payload, 0, 4)), getLe(payload, 4, 8)};
}

std::string encodeResult(std::uint32_t taskId, std::string_view body) {
  std::string out;
  out.reserve(4 + body.size());
  putU32(out, taskId);
  out.append(body);
  return out;
}

ResultView decodeResult(std::string_view payload) {
  requireSize(MessageType::Result, payload, 4, true);
  return {static_cast<std::uint32_t>(getLe(payload, 0, 4)), payload.substr(4)};
}

std::string encodeTaskError(const TaskErrorMessage& m) {
  std::string out;
  putU32(out, m.taskId);
  out.append(m.message);
  return out;
}

TaskErrorMessage decodeTaskError(std::string_view payload) {
  requireSize(MessageType::TaskError, payload, 4, true);
  return {static_cast<std::uint32_t>(getLe(payload, 0, 4)), std::string(payload.substr(4))};
}

}  // namespace logmill::ipc
