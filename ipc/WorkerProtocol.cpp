#include "ipc/WorkerProtocol.hpp"

#include <charconv>
#include <stdexcept>

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

std::string encodeHeld(std::uint32_t taskId) {
  std::string out;
  putU32(out, taskId);
  return out;
}

std::uint32_t decodeHeld(std::string_view payload) {
  requireSize(MessageType::Held, payload, 4, false);
  return static_cast<std::uint32_t>(getLe(payload, 0, 4));
}

std::string encodeResultHead(std::span<const std::uint32_t> taskIds) {
  std::string out;
  out.reserve(4 + 4 * taskIds.size());
  putU32(out, static_cast<std::uint32_t>(taskIds.size()));
  for (std::uint32_t id : taskIds) putU32(out, id);
  return out;
}

std::string encodeResult(std::span<const std::uint32_t> taskIds, std::string_view partial) {
  std::string out = encodeResultHead(taskIds);
  out.append(partial);
  return out;
}

ResultView decodeResult(std::string_view payload) {
  requireSize(MessageType::Result, payload, 4, true);
  const std::uint64_t count = getLe(payload, 0, 4);
  requireSize(MessageType::Result, payload, 4 + 4 * count, true);
  ResultView view;
  view.taskIds.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    view.taskIds.push_back(static_cast<std::uint32_t>(getLe(payload, 4 + 4 * i, 4)));
  }
  view.body = payload.substr(4 + 4 * count);
  return view;
}

std::string encodeLines(std::uint32_t taskId, std::string_view lines) {
  std::string out;
  out.reserve(4 + lines.size());
  putU32(out, taskId);
  out.append(lines);
  return out;
}

TaskPayloadView decodeLines(std::string_view payload) {
  requireSize(MessageType::Lines, payload, 4, true);
  return {static_cast<std::uint32_t>(getLe(payload, 0, 4)), payload.substr(4)};
}

std::string messageTypeName(std::uint16_t type) {
  switch (static_cast<MessageType>(type)) {
    case MessageType::Ready:
      return "Ready";
    case MessageType::Heartbeat:
      return "Heartbeat";
    case MessageType::Result:
      return "Result";
    case MessageType::Held:
      return "Held";
    case MessageType::Query:
      return "Query";
    case MessageType::Lines:
      return "Lines";
  }
  return "type " + std::to_string(type);
}

std::vector<std::string> WorkerArgs::argv(const std::string& selfExe) const {
  std::vector<std::string> out = {selfExe,          "worker",
                                  "--segment",      segment,
                                  "--index",        std::to_string(index),
                                  "--generation",   std::to_string(generation),
                                  "--parent",       std::to_string(parentPid),
                                  "--heartbeat-ms", std::to_string(heartbeatMs)};
  if (!indexDir.empty()) out.insert(out.end(), {"--index-dir", indexDir});
  if (filesCrc) out.insert(out.end(), {"--files-crc", std::to_string(*filesCrc)});
  return out;
}

namespace {

template <typename Int>
Int parseNumber(std::string_view option, std::string_view text) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("worker option " + std::string(option) + ": '" + std::string(text) +
                                "' is not a number in range");
  }
  return value;
}

}  // namespace

WorkerArgs WorkerArgs::parse(std::span<const std::string> options) {
  WorkerArgs args;
  bool haveSegment = false, haveIndex = false, haveParent = false;
  for (std::size_t i = 0; i < options.size(); i += 2) {
    const std::string& name = options[i];
    if (i + 1 >= options.size())
      throw std::invalid_argument("worker option " + name + " needs a value");
    const std::string& value = options[i + 1];
    if (name == "--segment") {
      args.segment = value;
      haveSegment = !value.empty();
    } else if (name == "--index") {
      args.index = parseNumber<unsigned>(name, value);
      haveIndex = true;
    } else if (name == "--generation") {
      args.generation = parseNumber<unsigned>(name, value);
    } else if (name == "--parent") {
      args.parentPid = parseNumber<long>(name, value);
      haveParent = args.parentPid > 0;
    } else if (name == "--heartbeat-ms") {
      args.heartbeatMs = parseNumber<unsigned>(name, value);
    } else if (name == "--files-crc") {
      args.filesCrc = parseNumber<std::uint32_t>(name, value);
    } else if (name == "--index-dir") {
      if (value.empty()) throw std::invalid_argument("worker option --index-dir needs a directory");
      args.indexDir = value;
    } else {
      throw std::invalid_argument("unknown worker option '" + name + "'");
    }
  }
  if (!haveSegment || !haveIndex || !haveParent) {
    throw std::invalid_argument("worker needs --segment, --index and --parent");
  }
  return args;
}

}  // namespace logmill::ipc
