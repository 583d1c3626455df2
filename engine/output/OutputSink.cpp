#include "engine/output/OutputSink.hpp"

#include <unistd.h>

#include <cerrno>
#include <span>
#include <system_error>

#include "ipc/posix.hpp"

namespace logmill::engine {

OutputSink::~OutputSink() {
  try {
    flush();
  } catch (...) {  // destructors must not throw; callers flush explicitly to see errors
  }
}

void OutputSink::flush() {
  try {
    ipc::writeAll(m_fd, std::as_bytes(std::span(m_buffer.data(), m_buffer.size())), "output");
  } catch (const ipc::SystemError& e) {
    m_buffer.clear();
    if (e.errnoValue() == EPIPE) throw OutputClosed{};
    throw std::system_error(e.errnoValue(), std::generic_category(), "cannot write output");
  }
  m_buffer.clear();
}

bool OutputSink::isTerminal() const {
  return ::isatty(m_fd) == 1;
}

}  // namespace logmill::engine
