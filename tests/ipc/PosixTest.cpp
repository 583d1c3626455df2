#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "ipc/posix.hpp"

namespace logmill::ipc {
namespace {

std::span<const std::byte> bytesOf(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

bool isOpen(int fd) {
  return ::fcntl(fd, F_GETFD) != -1;
}

// Fault injection state for the overridden system calls below.
int gCalls = 0;

// Every odd call fails with EINTR; the others move at most 3 bytes.
ssize_t flakyRead(int fd, void* buf, std::size_t n) {
  if (++gCalls % 2 == 1) {
    errno = EINTR;
    return -1;
  }
  return realSysCalls().read(fd, buf, std::min<std::size_t>(n, 3));
}
ssize_t flakyWrite(int fd, const void* buf, std::size_t n) {
  if (++gCalls % 2 == 1) {
    errno = EINTR;
    return -1;
  }
  return realSysCalls().write(fd, buf, std::min<std::size_t>(n, 3));
}
ssize_t brokenWrite(int, const void*, std::size_t) {
  ++gCalls;
  errno = EPIPE;
  return -1;
}
ssize_t failingRead(int, void*, std::size_t) {
  errno = EIO;
  return -1;
}
int interruptedPoll(struct pollfd* fds, nfds_t n, int timeoutMs) {
  if (++gCalls == 1) {
    errno = EINTR;
    return -1;
  }
  return realSysCalls().poll(fds, n, timeoutMs);
}
ssize_t dribbleRandom(void* buf, std::size_t n, unsigned flags) {
  if (++gCalls % 2 == 1) {
    errno = EINTR;
    return -1;
  }
  return realSysCalls().getrandom(buf, std::min<std::size_t>(n, 5), flags);
}

TEST(SystemError, WhatNamesTheActionAndTheReason) {
  const SystemError e(EPIPE, "write to worker 3 pipe");
  EXPECT_STREQ(e.what(), "write to worker 3 pipe: Broken pipe");
  EXPECT_EQ(e.errnoValue(), EPIPE);
  EXPECT_EQ(e.code(), std::error_code(EPIPE, std::generic_category()));
}

TEST(Fd, ClosesOnDestructionAndMovesOwnership) {
  Pipe pipe = makePipe("test pipe");
  const int readFd = pipe.readEnd.get();
  ASSERT_TRUE(isOpen(readFd));
  Fd moved = std::move(pipe.readEnd);
  EXPECT_FALSE(pipe.readEnd.valid());
  EXPECT_EQ(moved.get(), readFd);
  EXPECT_EQ(moved.name(), "test pipe");
  {
    Fd sink;
    sink = std::move(moved);
    EXPECT_TRUE(isOpen(readFd));
  }
  EXPECT_FALSE(isOpen(readFd));
}

TEST(Fd, ReleaseGivesUpOwnership) {
  Pipe pipe = makePipe();
  int raw = -1;
  {
    Fd fd = std::move(pipe.writeEnd);
    raw = fd.release();
    EXPECT_FALSE(fd);
  }
  EXPECT_TRUE(isOpen(raw));
  ::close(raw);
}

TEST(MakePipe, BothEndsAreCloseOnExec) {
  Pipe pipe = makePipe();
  EXPECT_TRUE(::fcntl(pipe.readEnd.get(), F_GETFD) & FD_CLOEXEC);
  EXPECT_TRUE(::fcntl(pipe.writeEnd.get(), F_GETFD) & FD_CLOEXEC);
}

TEST(ReadFullWriteAll, MoveMegabytesThroughAPipe) {
  Pipe pipe = makePipe();
  std::string data(3 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 % 251);
  std::thread writer([&] {
    writeAll(pipe.writeEnd, data);
    pipe.writeEnd.reset();
  });
  std::string got(data.size() + 10, '\0');
  const std::size_t n = readFull(pipe.readEnd, std::as_writable_bytes(std::span(got)));
  writer.join();
  ASSERT_EQ(n, data.size());  // short only because of EOF
  got.resize(n);
  EXPECT_EQ(got, data);
}

TEST(ReadFullWriteAll, RetryEintrAndShortTransfers) {
  Pipe pipe = makePipe();
  const std::string message = "heartbeat 17 bytes";
  SysCalls calls = realSysCalls();
  calls.read = flakyRead;
  calls.write = flakyWrite;
  std::string got(message.size(), '\0');
  gCalls = 0;
  {
    ScopedSysOverride flaky(calls);
    writeAll(pipe.writeEnd, message);
    EXPECT_GE(gCalls, 2 * static_cast<int>((message.size() + 2) / 3));
    gCalls = 0;
    EXPECT_EQ(readFull(pipe.readEnd, std::as_writable_bytes(std::span(got))), message.size());
    EXPECT_GE(gCalls, 2 * static_cast<int>((message.size() + 2) / 3));
  }
  EXPECT_EQ(got, message);
  EXPECT_EQ(sys.read, realSysCalls().read);  // the override was undone
}

TEST(ReadFullWriteAll, InjectedEpipeBecomesSystemErrorWithContext) {
  Pipe pipe = makePipe("worker 3 pipe");
  SysCalls calls = realSysCalls();
  calls.write = brokenWrite;
  ScopedSysOverride broken(calls);
  gCalls = 0;
  try {
    writeAll(pipe.writeEnd, bytesOf("x"));
    FAIL() << "writeAll did not throw";
  } catch (const SystemError& e) {
    EXPECT_STREQ(e.what(), "write to worker 3 pipe: Broken pipe");
    EXPECT_EQ(e.errnoValue(), EPIPE);
  }
  EXPECT_EQ(gCalls, 1);  // EPIPE is not retried
}

TEST(ReadFullWriteAll, RealEpipeWithSigpipeIgnored) {
  ignoreSigpipe();  // without this the test process would die right here
  Pipe pipe = makePipe("worker 5 pipe");
  pipe.readEnd.reset();
  try {
    writeAll(pipe.writeEnd, bytesOf("result"));
    FAIL() << "writeAll to a pipe without reader did not throw";
  } catch (const SystemError& e) {
    EXPECT_STREQ(e.what(), "write to worker 5 pipe: Broken pipe");
  }
}

TEST(ReadFullWriteAll, ReadErrorNamesTheFd) {
  Pipe pipe = makePipe("worker 1 pipe");
  SysCalls calls = realSysCalls();
  calls.read = failingRead;
  ScopedSysOverride failing(calls);
  std::array<std::byte, 4> buf{};
  try {
    (void)readFull(pipe.readEnd, buf);
    FAIL() << "readFull did not throw";
  } catch (const SystemError& e) {
    EXPECT_STREQ(e.what(), "read from worker 1 pipe: Input/output error");
  }
}

TEST(ReadSome, DistinguishesWouldBlockDataAndEof) {
  Pipe pipe = makePipe("p");
  setNonBlocking(pipe.readEnd.get(), true, "p");
  EXPECT_TRUE(::fcntl(pipe.readEnd.get(), F_GETFL) & O_NONBLOCK);
  std::array<std::byte, 16> buf{};
  EXPECT_EQ(readSome(pipe.readEnd.get(), buf, "p"), std::nullopt);
  writeAll(pipe.writeEnd, bytesOf("abc"));
  EXPECT_EQ(readSome(pipe.readEnd.get(), buf, "p"), std::optional<std::size_t>(3));
  pipe.writeEnd.reset();
  EXPECT_EQ(readSome(pipe.readEnd.get(), buf, "p"), std::optional<std::size_t>(0));
  setNonBlocking(pipe.readEnd.get(), false, "p");
  EXPECT_FALSE(::fcntl(pipe.readEnd.get(), F_GETFL) & O_NONBLOCK);
}

TEST(PollFds, RetriesEintrAndReportsReadiness) {
  Pipe pipe = makePipe();
  writeAll(pipe.writeEnd, bytesOf("!"));
  SysCalls calls = realSysCalls();
  calls.poll = interruptedPoll;
  ScopedSysOverride interrupted(calls);
  gCalls = 0;
  struct pollfd pfd {
    pipe.readEnd.get(), POLLIN, 0
  };
  EXPECT_EQ(pollFds(std::span(&pfd, 1), std::chrono::milliseconds(1000)), 1);
  EXPECT_EQ(gCalls, 2);
  EXPECT_TRUE(pfd.revents & POLLIN);
}

TEST(PollFds, TimesOutWhenNothingIsReady) {
  Pipe pipe = makePipe();
  struct pollfd pfd {
    pipe.readEnd.get(), POLLIN, 0
  };
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(pollFds(std::span(&pfd, 1), std::chrono::milliseconds(30)), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(29));
}

TEST(RandomBytes, FillsTheBufferDespiteEintrAndShortReads) {
  SysCalls calls = realSysCalls();
  calls.getrandom = dribbleRandom;
  ScopedSysOverride dribble(calls);
  gCalls = 0;
  std::array<std::byte, 64> a{};
  std::array<std::byte, 64> b{};
  randomBytes(a);
  randomBytes(b);
  EXPECT_GE(gCalls, 2 * 2 * (64 / 5));
  EXPECT_NE(a, b);  // 2^-512 chance of a false failure
}

}  // namespace
}  // namespace logmill::ipc
