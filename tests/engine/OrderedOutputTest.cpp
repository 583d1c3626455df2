#include <fcntl.h>
#include <gtest/gtest.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "engine/output/OrderedOutput.hpp"
#include "tests/engine/outputCapture.hpp"

namespace logmill::engine {
namespace {

using testing::Capture;

TEST(OrderedOutput, WritesInTaskOrderWhateverTheFinishingOrder) {
  Capture cap;
  OutputSink sink(cap.fd());
  OrderedOutput out(sink, 3);
  out.append(2, "c1\n");
  out.append(1, "b1\n");
  out.finish(2);
  out.append(0, "a1\n");
  out.append(1, "b2\n");
  out.finish(1);
  out.append(0, "a2\n");
  out.finish(0);
  EXPECT_EQ(cap.finish(sink), "a1\na2\nb1\nb2\nc1\n");
}

TEST(OrderedOutput, ARestartedTaskNeverRepeatsALine) {
  Capture cap;
  OutputSink sink(cap.fd());
  OrderedOutput out(sink, 2);
  out.append(1, "x1\nx2\n");  // first attempt got this far, then its worker died
  out.restart(1);
  out.append(1, "x1\n");      // the re-run starts over: skipped
  out.append(1, "x2\nx3\n");  // x2 skipped, x3 new
  out.finish(1);
  out.append(0, "a\n");
  out.finish(0);
  EXPECT_EQ(cap.finish(sink), "a\nx1\nx2\nx3\n");
}

TEST(OrderedOutput, LaterTasksWaitWhenOverBudgetUntilTheHeadFinishes) {
  Capture cap;
  OutputSink sink(cap.fd());
  OrderedOutput out(sink, 2, /*budgetBytes=*/4);
  EXPECT_FALSE(out.mustWait(1));
  out.append(1, "later\n");  // 6 bytes buffered: over the budget
  EXPECT_TRUE(out.mustWait(1));
  EXPECT_FALSE(out.mustWait(0));  // the head always proceeds
  std::thread producer([&] {
    out.waitForTurn(1);  // blocks until task 0 is done
    out.append(1, "more\n");
    out.finish(1);
  });
  out.append(0, "head\n");
  out.finish(0);
  producer.join();
  EXPECT_EQ(cap.finish(sink), "head\nlater\nmore\n");
}

TEST(OrderedOutput, AWriteErrorReachesEveryProducer) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  ::signal(SIGPIPE, SIG_IGN);
  OutputSink sink(fds[1]);
  OrderedOutput out(sink, 1);
  out.append(0, std::string(1 << 17, 'x'));  // over the sink's flush threshold: EPIPE now
  EXPECT_THROW(out.rethrowWriteError(), OutputClosed);
  out.waitForTurn(0);  // does not block after an error
  ::close(fds[1]);
}

TEST(OrderedOutput, LinesGoOutRawToAPipe) {
  Capture cap;
  OutputSink sink(cap.fd());
  OrderedOutput out(sink, 1);
  out.append(0, "a\x1b[2Jb\tc\n");
  out.finish(0);
  EXPECT_EQ(cap.finish(sink), "a\x1b[2Jb\tc\n");
}

TEST(OrderedOutput, ControlBytesAreVisibleOnATerminal) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(terminal, 0);
  termios mode{};
  ASSERT_EQ(::tcgetattr(terminal, &mode), 0);
  ::cfmakeraw(&mode);  // no \n -> \r\n, so the bytes read back are ours
  ASSERT_EQ(::tcsetattr(terminal, TCSANOW, &mode), 0);
  {
    OutputSink sink(terminal);
    OrderedOutput out(sink, 2);
    out.append(1, "2\x07\n");
    out.append(0, "a\x1b[2Jb\tc\n");
    out.finish(0);
    out.finish(1);
    sink.flush();
  }
  const std::string want = "a\\x1b[2Jb\\tc\n2\\x07\n";
  std::string got;
  char buf[256];
  while (got.size() < want.size()) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  EXPECT_EQ(got, want);
  ::close(terminal);
  ::close(master);
}

TEST(OrderedOutput, BlocksAddedBeforeTheirStreamGoOutInTheOrderAdded) {
  Capture cap;
  OutputSink sink(cap.fd());
  OrderedOutput out(sink, 3);  // task 1 is a stream: its lines come in blocks 3, 4, 5
  out.addBefore(3, 1);
  out.append(0, "a\n");
  out.append(3, "s1\n");
  out.finish(3);  // the head moves on to the stream, before its next block exists
  out.finish(0);
  out.addBefore(4, 1);
  out.addBefore(5, 1);
  out.append(5, "s3\n");
  out.finish(5);
  out.append(2, "c\n");
  out.finish(2);
  out.append(4, "s2\n");
  out.finish(4);
  out.finish(1);
  EXPECT_EQ(cap.finish(sink), "a\ns1\ns2\ns3\nc\n");
}

}  // namespace
}  // namespace logmill::engine
