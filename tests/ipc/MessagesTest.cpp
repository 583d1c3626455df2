#include <gtest/gtest.h>

#include <string>

#include "ipc/Messages.hpp"

namespace logmill::ipc {
namespace {

std::string errorOf(void (*decode)(std::string_view), std::string_view payload) {
  try {
    decode(payload);
  } catch (const FrameError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Messages, ReadyRoundTrip) {
  const ReadyMessage m{7, 123456};
  const std::string bytes = encodeReady(m);
  EXPECT_EQ(bytes, std::string("\x07\x00\x00\x00\x40\xE2\x01\x00", 8));
  EXPECT_EQ(decodeReady(bytes), m);
}

TEST(Messages, HeartbeatRoundTripKeepsAll64Bits) {
  const HeartbeatMessage m{0xDEADBEEF, 0x0123456789ABCDEFULL};
  EXPECT_EQ(decodeHeartbeat(encodeHeartbeat(m)), m);
  EXPECT_EQ(encodeHeartbeat(m).size(), 12u);
}

TEST(Messages, ResultViewsThePayloadWithoutCopying) {
  const std::string body("partial\0with nul", 16);
  const std::string payload = encodeResult(42, body);
  const ResultView v = decodeResult(payload);
  EXPECT_EQ(v.taskId, 42u);
  EXPECT_EQ(v.body, body);
  EXPECT_EQ(v.body.data(), payload.data() + 4);
  EXPECT_EQ(decodeResult(encodeResult(9, "")).body, "");
}

TEST(Messages, TaskErrorRoundTrip) {
  const TaskErrorMessage m{5, "logs/a.gz: truncated gzip stream at byte 18273645"};
  EXPECT_EQ(decodeTaskError(encodeTaskError(m)), m);
}

TEST(Messages, WrongSizesAreRejectedWithTheTypeName) {
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeHeartbeat(p); }, "12345678901"),
            "Heartbeat payload is 11 bytes, expected 12");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeHeartbeat(p); }, "1234567890123"),
            "Heartbeat payload is 13 bytes, expected 12");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeReady(p); }, ""),
            "Ready payload is 0 bytes, expected 8");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeResult(p); }, "abc"),
            "Result payload is 3 bytes, expected at least 4");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeTaskError(p); }, "a"),
            "TaskError payload is 1 bytes, expected at least 4");
}

}  // namespace
}  // namespace logmill::ipc
