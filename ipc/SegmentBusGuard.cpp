#include "ipc/SegmentBusGuard.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace logmill::ipc {
namespace {

// Filled before the handler is installed; the handler only reads them and
// calls async-signal-safe functions (write, shm_unlink, _exit).
char g_name[256];
char g_message[512];
std::size_t g_messageSize = 0;

void onBusError(int) {
  (void)!::write(2, g_message, g_messageSize);
  ::shm_unlink(g_name);
  ::_exit(1);
}

}  // namespace

SegmentBusGuard::SegmentBusGuard(const std::string& name) {
  std::snprintf(g_name, sizeof g_name, "/%s", name.c_str());
  const int n = std::snprintf(g_message, sizeof g_message,
                              "logmill: the shared segment /dev/shm/%s was damaged (truncated) "
                              "by another process; stopping\n",
                              name.c_str());
  g_messageSize = n > 0 ? std::min(static_cast<std::size_t>(n), sizeof g_message - 1) : 0;
  struct sigaction action {};
  action.sa_handler = onBusError;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, &m_old);
}

SegmentBusGuard::~SegmentBusGuard() {
  ::sigaction(SIGBUS, &m_old, nullptr);
}

}  // namespace logmill::ipc
