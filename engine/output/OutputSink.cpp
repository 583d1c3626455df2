#include "engine/output/OutputSink.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace logmill::engine {

OutputSink::~OutputSink() {
  try {
    flush();
  } catch (...) {  // destructors must not throw; callers flush explicitly to see errors
  }
}

void OutputSink::flush() {
  std::size_t done = 0;
  while (done < m_buffer.size()) {
    const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      m_buffer.clear();
      if (err == EPIPE) throw OutputClosed{};
      throw std::system_error(err, std::generic_category(), "cannot write output");
    }
    done += static_cast<std::size_t>(n);
  }
  m_buffer.clear();
}

bool OutputSink::isTerminal() const {
  return ::isatty(m_fd) == 1;
}

}  // namespace logmill::engine
