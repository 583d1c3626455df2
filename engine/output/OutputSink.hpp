#pragma once
// Buffered writes to a file descriptor (stdout), with the two endings a shell
// user expects: a closed pipe (`| head`) stops output quietly, and a real
// write error (ENOSPC on /dev/full) is an error with its reason.

#include <string>
#include <string_view>

namespace logmill::engine {

/// Thrown when the reader of our output went away (EPIPE): not an error.
struct OutputClosed {};

class OutputSink {
 public:
  explicit OutputSink(int fd = 1) : m_fd(fd) { m_buffer.reserve(kFlushAt * 2); }
  ~OutputSink();
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;

  void write(std::string_view s) {
    m_buffer.append(s);
    if (m_buffer.size() >= kFlushAt) flush();
  }
  void put(char c) {
    m_buffer += c;
    if (m_buffer.size() >= kFlushAt) flush();
  }
  /// Throws OutputClosed on EPIPE, std::system_error on other write errors.
  void flush();
  /// Whether the bytes go to a terminal (then log text must be escaped).
  [[nodiscard]] bool isTerminal() const;

 private:
  static constexpr std::size_t kFlushAt = 1 << 16;
  int m_fd;
  std::string m_buffer;
};

}  // namespace logmill::engine
