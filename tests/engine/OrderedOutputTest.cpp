#include "engine/output/OrderedOutput.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <thread>

namespace logmill::engine {
namespace {

/// Captures what an OutputSink writes, through a pipe drained by a thread.
class Capture {
 public:
  Capture() {
    EXPECT_EQ(::pipe(m_fds), 0);
    m_reader = std::thread([this] {
      char buf[4096];
      for (ssize_t n; (n = ::read(m_fds[0], buf, sizeof buf)) > 0;) m_text.append(buf, static_cast<std::size_t>(n));
    });
  }
  std::string finish(OutputSink& sink) {
    sink.flush();
    ::close(m_fds[1]);
    m_reader.join();
    ::close(m_fds[0]);
    return m_text;
  }
  int fd() const { return m_fds[1]; }

 private:
  int m_fds[2];
  std::thread m_reader;
  std::string m_text;
};

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

}  // namespace
}  // namespace logmill::engine
