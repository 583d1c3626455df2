#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "ipc/WorkerProtocol.hpp"

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

TEST(WorkerProtocol, ReadyRoundTrip) {
  const ReadyMessage m{7, 123456};
  const std::string bytes = encodeReady(m);
  EXPECT_EQ(bytes, std::string("\x07\x00\x00\x00\x40\xE2\x01\x00", 8));
  EXPECT_EQ(decodeReady(bytes), m);
}

TEST(WorkerProtocol, HeartbeatRoundTripKeepsAll64Bits) {
  const HeartbeatMessage m{0xDEADBEEF, 0x0123456789ABCDEFULL};
  EXPECT_EQ(decodeHeartbeat(encodeHeartbeat(m)), m);
  EXPECT_EQ(encodeHeartbeat(m).size(), 12u);
}

TEST(WorkerProtocol, ResultViewsThePayloadWithoutCopying) {
  const std::string body("partial\0with nul", 16);
  const std::vector<std::uint32_t> ids{42, 7, 0xFFFFFFFE};
  const std::string payload = encodeResult(ids, body);
  const ResultView v = decodeResult(payload);
  EXPECT_EQ(v.taskIds, ids);
  EXPECT_EQ(v.body, body);
  EXPECT_EQ(v.body.data(), payload.data() + 4 + 4 * ids.size());
  const std::vector<std::uint32_t> one{9};
  EXPECT_EQ(decodeResult(encodeResult(one, "")).body, "");
  EXPECT_TRUE(decodeResult(encodeResult({}, "x")).taskIds.empty());
}

TEST(WorkerProtocol, AResultHeadThenThePartialIsTheResultPayload) {
  const std::vector<std::uint32_t> ids{3, 1, 4};
  EXPECT_EQ(encodeResultHead(ids) + "partial", encodeResult(ids, "partial"));
  EXPECT_EQ(encodeResultHead({}), encodeResult({}, ""));
}

TEST(WorkerProtocol, HeldCarriesOneTaskId) {
  EXPECT_EQ(decodeHeld(encodeHeld(0xABCDEF01)), 0xABCDEF01u);
  EXPECT_EQ(messageTypeName(static_cast<std::uint16_t>(MessageType::Held)), "Held");
}

TEST(WorkerProtocol, LinesCarryTheTaskAndWholeLines) {
  const std::string payload = encodeLines(7, "a\nb\n");
  const TaskPayloadView v = decodeLines(payload);
  EXPECT_EQ(v.taskId, 7u);
  EXPECT_EQ(v.body, "a\nb\n");
}

TEST(WorkerProtocol, EveryKindHasAName) {
  EXPECT_EQ(messageTypeName(static_cast<std::uint16_t>(MessageType::Lines)), "Lines");
  EXPECT_EQ(messageTypeName(static_cast<std::uint16_t>(MessageType::Query)), "Query");
  EXPECT_EQ(messageTypeName(4), "type 4");  // retired kinds are unknown, not misnamed
}

std::string parseError(std::vector<std::string> options) {
  try {
    (void)WorkerArgs::parse(options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(WorkerProtocol, WorkerArgvIsParsedBackToTheSameArgs) {
  WorkerArgs args;
  args.segment = "logmill-123-abc";
  args.index = 3;
  args.generation = 2;
  args.parentPid = 4567;
  args.heartbeatMs = 250;
  const std::vector<std::string> argv = args.argv("/usr/bin/logmill");
  ASSERT_GE(argv.size(), 2u);
  EXPECT_EQ(argv[0], "/usr/bin/logmill");
  EXPECT_EQ(argv[1], "worker");
  EXPECT_EQ(WorkerArgs::parse(std::span(argv).subspan(2)), args);
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--index-dir"), 0);  // none: no index

  args.indexDir = "/home/u/.cache/logmill/index";
  const std::vector<std::string> withDir = args.argv("/usr/bin/logmill");
  EXPECT_EQ(withDir.end()[-2], "--index-dir");
  EXPECT_EQ(WorkerArgs::parse(std::span(withDir).subspan(2)), args);

  args.filesCrc = 0xDEADBEEF;  // the file table's checksum travels outside shared memory
  const std::vector<std::string> withCrc = args.argv("/usr/bin/logmill");
  EXPECT_EQ(withCrc.end()[-1], "3735928559");
  EXPECT_EQ(WorkerArgs::parse(std::span(withCrc).subspan(2)), args);
  EXPECT_EQ(parseError({"--segment", "s", "--index", "1", "--parent", "9", "--index-dir", ""}),
            "worker option --index-dir needs a directory");
}

TEST(WorkerProtocol, BadWorkerArgvIsRefusedNamingTheOption) {
  EXPECT_EQ(parseError({"--segment", "s", "--index", "x1", "--parent", "9"}),
            "worker option --index: 'x1' is not a number in range");
  EXPECT_EQ(parseError({"--segment", "s", "--index", "1", "--parent", "9", "--bogus", "1"}),
            "unknown worker option '--bogus'");
  EXPECT_EQ(parseError({"--segment", "s", "--index"}), "worker option --index needs a value");
  EXPECT_EQ(parseError({"--segment", "s", "--index", "1"}),
            "worker needs --segment, --index and --parent");
  EXPECT_EQ(parseError({"--segment", "s", "--index", "1", "--parent", "99999999999999999999"}),
            "worker option --parent: '99999999999999999999' is not a number in range");
}

TEST(WorkerProtocol, WrongSizesAreRejectedWithTheTypeName) {
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeHeartbeat(p); }, "12345678901"),
            "Heartbeat payload is 11 bytes, expected 12");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeHeartbeat(p); }, "1234567890123"),
            "Heartbeat payload is 13 bytes, expected 12");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeReady(p); }, ""),
            "Ready payload is 0 bytes, expected 8");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeResult(p); }, "abc"),
            "Result payload is 3 bytes, expected at least 4");
  // Two task ids declared, one present: never read past the payload.
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeResult(p); },
                    std::string("\x02\0\0\0\x05\0\0\0", 8)),
            "Result payload is 8 bytes, expected at least 12");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeHeld(p); }, "12345"),
            "Held payload is 5 bytes, expected 4");
  EXPECT_EQ(errorOf([](std::string_view p) { (void)decodeLines(p); }, "a"),
            "Lines payload is 1 bytes, expected at least 4");
}

}  // namespace
}  // namespace logmill::ipc
