#pragma once
// Test helpers: what an OutputSink writes, captured through a pipe drained by
// a thread (so output larger than the pipe's buffer cannot block the test).

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "engine/output/OutputSink.hpp"

namespace logmill::engine::testing {

/// A pipe whose read end a thread drains into a string.
class Capture {
 public:
  Capture() {
    EXPECT_EQ(::pipe(m_fds), 0);
    m_reader = std::thread([this] {
      char buf[4096];
      for (ssize_t n; (n = ::read(m_fds[0], buf, sizeof buf)) > 0;) {
        m_text.append(buf, static_cast<std::size_t>(n));
      }
    });
  }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  ~Capture() {
    if (m_reader.joinable()) {
      ::close(m_fds[1]);
      m_reader.join();
      ::close(m_fds[0]);
    }
  }

  /// Flushes `sink`, closes the pipe and returns all that was written.
  std::string finish(OutputSink& sink) {
    sink.flush();
    ::close(m_fds[1]);
    m_reader.join();
    ::close(m_fds[0]);
    return m_text;
  }
  [[nodiscard]] int fd() const { return m_fds[1]; }

 private:
  int m_fds[2];
  std::thread m_reader;
  std::string m_text;
};

/// What `write(sink)` writes to a fresh OutputSink.
template <class Write>
std::string captureOutput(Write&& write) {
  Capture capture;
  OutputSink sink(capture.fd());
  write(sink);
  return capture.finish(sink);
}

}  // namespace logmill::engine::testing
