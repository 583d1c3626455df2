#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ipc/Frame.hpp"
#include "ipc/WorkerProtocol.hpp"

namespace logmill::ipc {
namespace {

using ::testing::HasSubstr;

constexpr auto kResult = static_cast<std::uint16_t>(MessageType::Result);

std::string randomBytesOf(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Bit-at-a-time CRC-32, the textbook definition, to check the fast one.
std::uint32_t referenceCrc32(std::string_view data) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    c ^= byte;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

// Writes raw bytes into a fresh pipe, closes the write end, returns the read end.
Fd pipeWith(std::string_view bytes, const std::string& name = "worker 2 results pipe") {
  Pipe p = makePipe(name);
  writeAll(p.writeEnd, bytes);
  return std::move(p.readEnd);
}

std::string readFrameError(const Fd& fd, std::uint32_t maxPayload = kDefaultMaxPayload) {
  try {
    (void)readFrame(fd, maxPayload);
  } catch (const FrameError& e) {
    return e.what();
  }
  return "no error";
}

std::string decoderError(std::string_view bytes, std::uint32_t maxPayload = kDefaultMaxPayload) {
  FrameDecoder decoder("worker 2 results pipe", maxPayload);
  try {
    decoder.feed(bytes);
    decoder.finish();
  } catch (const FrameError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Crc32, MatchesTheStandardCheckValueAndTheBitwiseDefinition) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
  const std::string data = randomBytesOf(100'003, 1);
  EXPECT_EQ(crc32(data), referenceCrc32(data));
  EXPECT_EQ(crc32(data.substr(77), crc32(data.substr(0, 77))), crc32(data));
  // Every length and alignment a vectorised CRC treats apart (head, 16- and
  // 64-byte blocks, tail), chained from any split.
  for (std::size_t offset = 0; offset < 9; ++offset) {
    for (std::size_t n = 0; n < 300; n += 1 + n / 40) {
      const std::string_view piece = std::string_view(data).substr(offset, n);
      ASSERT_EQ(crc32(piece), referenceCrc32(piece)) << offset << " " << n;
      const std::size_t cut = n / 3;
      ASSERT_EQ(crc32(piece.substr(cut), crc32(piece.substr(0, cut))), crc32(piece));
    }
  }
}

TEST(Frame, HeaderLayoutIsLittleEndianAndVersioned) {
  const std::string f = encodeFrame(kResult, "abc");
  ASSERT_EQ(f.size(), kFrameHeaderSize + 3);
  EXPECT_EQ(f.substr(0, 4), "LMFR");
  EXPECT_EQ(f.substr(4, 2), std::string("\x01\x00", 2));
  EXPECT_EQ(f.substr(6, 2), std::string("\x03\x00", 2));
  EXPECT_EQ(f.substr(8, 4), std::string("\x03\x00\x00\x00", 4));
  const std::uint32_t crc = crc32("abc");  // 0x352441C2
  EXPECT_EQ(f.substr(12, 4),
            std::string({static_cast<char>(crc & 0xFF), static_cast<char>((crc >> 8) & 0xFF),
                         static_cast<char>((crc >> 16) & 0xFF), static_cast<char>(crc >> 24)}));
  EXPECT_EQ(f.substr(16), "abc");
}

TEST(Frame, AHeadAndBodyAreOneFrameOfTheirJoinedBytes) {
  const std::string head("ids\0", 4), body = randomBytesOf(3 << 20, 6);
  const auto joined = encodeFrameHeader(kResult, head + body);
  EXPECT_EQ(encodeFrameHeader(kResult, head, body), joined);
  EXPECT_EQ(encodeFrameHeader(kResult, "", head + body), joined);
  Pipe p = makePipe("results");
  FrameWriter writer(std::move(p.writeEnd));
  std::thread write([&] {
    writer.write(kResult, head, body);
    writer.write(kResult, "", "only a body");
    writer.write(kResult, "only a head", "");
    writer.close();
  });
  std::vector<std::string> got;
  while (const auto f = readFrame(p.readEnd)) got.push_back(f->payload);
  write.join();
  EXPECT_EQ(got, (std::vector<std::string>{head + body, "only a body", "only a head"}));
}

TEST(Frame, RoundTripOverAPipeThenCleanEof) {
  Pipe p = makePipe("results");
  const std::string big = randomBytesOf(5 << 20, 2);  // larger than the pipe buffer
  std::thread writer([&] {
    writeFrame(p.writeEnd, MessageType::Ready, "");
    writeFrame(p.writeEnd, MessageType::Result, big);
    writeFrame(p.writeEnd, 0x1234, "custom");
    p.writeEnd.reset();
  });
  const auto a = readFrame(p.readEnd);
  const auto b = readFrame(p.readEnd);
  const auto c = readFrame(p.readEnd);
  const auto end = readFrame(p.readEnd);
  writer.join();
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(messageTypeOf(*a), MessageType::Ready);
  EXPECT_EQ(a->payload, "");
  EXPECT_EQ(messageTypeOf(*b), MessageType::Result);
  EXPECT_EQ(b->payload, big);
  EXPECT_EQ(c->type, 0x1234);
  EXPECT_EQ(c->payload, "custom");
  EXPECT_FALSE(end.has_value());
}

TEST(FrameError, BadMagic) {
  std::string f = encodeFrame(kResult, "payload");
  f[0] = 'X';
  EXPECT_THAT(readFrameError(pipeWith(f)),
              HasSubstr("worker 2 results pipe: bad frame magic 0x52464D58 (expected 0x52464D4C)"));
}

TEST(FrameError, BadVersion) {
  std::string f = encodeFrame(kResult, "payload");
  f[4] = 9;
  EXPECT_THAT(readFrameError(pipeWith(f)),
              HasSubstr("worker 2 results pipe: unsupported frame version 9 (this build speaks "
                        "version 1)"));
}

TEST(FrameError, LengthOverTheCapIsRefusedBeforeReadingThePayload) {
  // Claims 3 GB but carries nothing: must fail on the header, without
  // allocating or waiting for the payload.
  std::string f = encodeFrame(kResult, "");
  f[8] = 0;
  f[9] = 0;
  f[10] = 0;
  f[11] = static_cast<char>(0xC0);
  EXPECT_EQ(readFrameError(pipeWith(f), 1 << 20),
            "worker 2 results pipe: Result frame payload of 3221225472 bytes exceeds the limit "
            "of 1048576 bytes");
  EXPECT_EQ(readFrameError(pipeWith(encodeFrame(kResult, std::string(101, 'x'))), 100),
            "worker 2 results pipe: Result frame payload of 101 bytes exceeds the limit of 100 "
            "bytes");
  EXPECT_EQ(readFrameError(pipeWith(encodeFrame(kResult, std::string(100, 'x'))), 100), "no error");
}

TEST(FrameError, TruncatedHeader) {
  EXPECT_EQ(readFrameError(pipeWith(encodeFrame(kResult, "abc").substr(0, 5))),
            "worker 2 results pipe: end of stream inside a frame header (got 5 of 16 bytes)");
}

TEST(FrameError, TruncatedPayload) {
  const std::string f = encodeFrame(kResult, std::string(100, 'p'));
  EXPECT_EQ(readFrameError(pipeWith(f.substr(0, kFrameHeaderSize + 10))),
            "worker 2 results pipe: end of stream inside a Result frame (got 10 of 100 payload "
            "bytes); the writer died mid-message");
}

TEST(FrameError, ChecksumMismatch) {
  std::string f = encodeFrame(kResult, "partial aggregate bytes");
  f[kFrameHeaderSize + 3] ^= 0x01;
  EXPECT_THAT(readFrameError(pipeWith(f)),
              HasSubstr("worker 2 results pipe: checksum mismatch in Result frame of 23 bytes"));
}

TEST(WriteFrame, BrokenPipeNamesThePipe) {
  ignoreSigpipe();
  Pipe p = makePipe("worker 3 pipe");
  p.readEnd.reset();
  try {
    writeFrame(p.writeEnd, MessageType::Heartbeat, "x");
    FAIL() << "writeFrame did not throw";
  } catch (const SystemError& e) {
    EXPECT_STREQ(e.what(), "write to worker 3 pipe: Broken pipe");
  }
}

// Bytes the heap hands out now, in the arena and in mmapped chunks (glibc;
// sanitizers' allocators report 0).
std::size_t heapInUse() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// A header that claims `length` payload bytes, followed by 10 of them.
std::string lyingFrame(std::uint32_t length) {
  std::string f = encodeFrame(kResult, std::string(10, 'x'));
  for (int i = 0; i < 4; ++i) f[8 + i] = static_cast<char>(length >> (8 * i));
  return f;
}

TEST(FrameDecoder, ALyingLengthCostsOnlyTheBytesThatArrive) {
  constexpr std::uint32_t kClaimed = 200u << 20;  // under the default cap
  const std::size_t before = heapInUse();
  FrameDecoder decoder("worker 2 results pipe");
  decoder.feed(lyingFrame(kClaimed));
  EXPECT_LT(heapInUse() - before, std::size_t{8} << 20);
  EXPECT_FALSE(decoder.pop().has_value());
  EXPECT_THAT(decoderError(lyingFrame(kClaimed)), HasSubstr("worker 2 results pipe"));
}

TEST(FrameError, ALyingLengthOverAPipeFailsWithoutAllocatingIt) {
  const std::size_t before = heapInUse();
  std::size_t peak = 0;
  std::string error;
  try {
    (void)readFrame(pipeWith(lyingFrame(200u << 20)));
  } catch (const FrameError& e) {
    peak = heapInUse() - before;
    error = e.what();
  }
  EXPECT_LT(peak, std::size_t{8} << 20);
  EXPECT_THAT(error, HasSubstr("got 10 of 209715200 payload bytes"));
}

TEST(FrameDecoder, FedOneByteAtATime) {
  const std::vector<Frame> frames = {
      {1, ""}, {3, randomBytesOf(1000, 3)}, {2, "heartbeat!!!"}, {0x200, std::string(1, '\0')}};
  std::string stream;
  for (const Frame& f : frames) stream += encodeFrame(f.type, f.payload);

  FrameDecoder decoder("pipe");
  std::vector<Frame> got;
  std::size_t boundary = encodeFrame(frames[0].type, frames[0].payload).size();
  for (std::size_t i = 0; i < stream.size(); ++i) {
    decoder.feed(stream.substr(i, 1));
    if (i + 1 < boundary) {
      EXPECT_FALSE(decoder.pop().has_value()) << "frame popped before its last byte, at " << i;
    }
    while (auto f = decoder.pop()) got.push_back(std::move(*f));
  }
  EXPECT_TRUE(decoder.atFrameBoundary());
  EXPECT_NO_THROW(decoder.finish());
  ASSERT_EQ(got.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(got[i].type, frames[i].type);
    EXPECT_EQ(got[i].payload, frames[i].payload);
  }
}

TEST(FrameDecoder, ManyFramesInOneFeed) {
  std::string stream;
  for (int i = 0; i < 50; ++i) stream += encodeFrame(2, "beat " + std::to_string(i));
  FrameDecoder decoder("pipe");
  decoder.feed(stream);
  for (int i = 0; i < 50; ++i) {
    const auto f = decoder.pop();
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->payload, "beat " + std::to_string(i));
  }
  EXPECT_FALSE(decoder.pop().has_value());
}

TEST(FrameDecoder, ErrorsNameTheStreamOffset) {
  const std::string good = encodeFrame(kResult, "abc");  // 19 bytes
  std::string badMagic = encodeFrame(kResult, "abc");
  badMagic[1] = 'Q';
  EXPECT_THAT(decoderError(good + badMagic),
              HasSubstr("worker 2 results pipe at stream byte 19: bad frame magic"));

  std::string badVersion = good;
  badVersion[5] = 1;
  EXPECT_THAT(decoderError(badVersion), HasSubstr("unsupported frame version 257"));

  // Only the header of an oversize frame is needed to refuse it.
  const std::string oversize = encodeFrame(kResult, std::string(5000, 'z')).substr(0, 16);
  EXPECT_EQ(decoderError(good + oversize, 4096),
            "worker 2 results pipe at stream byte 19: Result frame payload of 5000 bytes exceeds "
            "the limit of 4096 bytes");

  std::string corrupt = good;
  corrupt.back() = 'x';
  EXPECT_THAT(decoderError(corrupt),
              HasSubstr("at stream byte 0: checksum mismatch in Result frame of 3 bytes"));

  EXPECT_EQ(decoderError(good + good.substr(0, 7)),
            "worker 2 results pipe: end of stream inside a frame header (got 7 of 16 bytes)");
  EXPECT_EQ(decoderError(good.substr(0, 17)),
            "worker 2 results pipe: end of stream inside a Result frame (got 1 of 3 payload "
            "bytes); the writer died mid-message");
}

TEST(FrameDecoder, ReadsANonBlockingPipeInAPollLoop) {
  Pipe p = makePipe("worker 0 results pipe");
  setNonBlocking(p.readEnd.get(), true, p.readEnd.name());
  std::vector<std::string> sent;
  for (int i = 0; i < 20; ++i) sent.push_back(randomBytesOf(static_cast<std::size_t>(i) * 9001, i));
  std::thread writer([&] {
    // Dribble the stream in odd-sized chunks so frames straddle reads.
    std::string stream;
    for (const std::string& s : sent) stream += encodeFrame(kResult, s);
    for (std::size_t at = 0; at < stream.size(); at += 7777) {
      writeAll(p.writeEnd, std::string_view(stream).substr(at, 7777));
    }
    p.writeEnd.reset();
  });
  FrameDecoder decoder(p.readEnd.name());
  std::vector<std::string> got;
  for (bool open = true; open;) {
    struct pollfd pfd {
      p.readEnd.get(), POLLIN, 0
    };
    ASSERT_EQ(pollFds(std::span(&pfd, 1), std::chrono::milliseconds(10'000)), 1);
    open = decoder.readFrom(p.readEnd.get());
    while (auto f = decoder.pop()) got.push_back(std::move(f->payload));
  }
  writer.join();
  EXPECT_EQ(got, sent);
}

/// Reads `p` to its end with readFrom, as the coordinator's poll loop does.
std::vector<std::string> readAllFrames(Pipe& p, FrameDecoder& decoder) {
  std::vector<std::string> got;
  for (bool open = true; open;) {
    struct pollfd pfd {
      p.readEnd.get(), POLLIN, 0
    };
    if (pollFds(std::span(&pfd, 1), std::chrono::milliseconds(10'000)) != 1) break;
    open = decoder.readFrom(p.readEnd.get());
    while (auto f = decoder.pop()) got.push_back(std::move(f->payload));
  }
  return got;
}

TEST(FrameDecoder, PayloadsOfMegabytesAreReadStraightIntoTheirFrame) {
  // Sizes across the buffer's growth steps (1 MiB, then fourfold), an empty
  // frame, and a frame right after a big one in the same pipe.
  Pipe p = makePipe("worker 1 results pipe");
  setNonBlocking(p.readEnd.get(), true, p.readEnd.name());
  const std::vector<std::string> sent = {randomBytesOf(5'000'123, 1), "", randomBytesOf(17, 2),
                                         randomBytesOf(std::size_t{1} << 20, 3),
                                         randomBytesOf(2'100'000, 4)};
  std::thread writer([&] {
    for (const std::string& s : sent) writeFrame(p.writeEnd, kResult, s);
    p.writeEnd.reset();
  });
  FrameDecoder decoder(p.readEnd.name());
  const std::vector<std::string> got = readAllFrames(p, decoder);
  writer.join();
  EXPECT_EQ(got, sent);
}

TEST(FrameDecoder, AnEndInsideABigPayloadCountsTheBytesThatCame) {
  Pipe p = makePipe("worker 1 results pipe");
  setNonBlocking(p.readEnd.get(), true, p.readEnd.name());
  const std::string frame = encodeFrame(kResult, randomBytesOf(3'000'000, 5));
  std::thread writer([&] {
    writeAll(p.writeEnd, std::string_view(frame).substr(0, kFrameHeaderSize + 1'500'001));
    p.writeEnd.reset();
  });
  FrameDecoder decoder(p.readEnd.name());
  std::string error = "no error";
  try {
    (void)readAllFrames(p, decoder);
  } catch (const FrameError& e) {
    error = e.what();
  }
  writer.join();
  EXPECT_THAT(error, HasSubstr("got 1500001 of 3000000 payload bytes"));
}

TEST(FrameWriter, ConcurrentWritersNeverInterleaveFrames) {
  Pipe p = makePipe("results");
  FrameWriter writer(std::move(p.writeEnd));
  constexpr int kPerThread = 100;
  auto send = [&](char tag) {
    for (int i = 0; i < kPerThread; ++i) writer.write(kResult, std::string(100'000, tag));
  };
  std::thread reader([&] {
    int a = 0;
    int b = 0;
    while (auto f = readFrame(p.readEnd)) {
      ASSERT_EQ(f->payload.size(), 100'000u);
      ASSERT_EQ(f->payload.find_first_not_of(f->payload[0]), std::string::npos);
      (f->payload[0] == 'a' ? a : b)++;
    }
    EXPECT_EQ(a, kPerThread);
    EXPECT_EQ(b, kPerThread);
  });
  std::thread t1(send, 'a');
  std::thread t2(send, 'b');
  t1.join();
  t2.join();
  writer.close();  // the reader sees EOF
  reader.join();
  EXPECT_THROW(writer.write(kResult, "late"), SystemError);
}

TEST(MessageTypeName, NamesKnownAndUnknownTypes) {
  EXPECT_EQ(messageTypeName(3), "Result");
  EXPECT_EQ(messageTypeName(2), "Heartbeat");
  EXPECT_EQ(messageTypeName(0x300), "type 768");
}

}  // namespace
}  // namespace logmill::ipc
