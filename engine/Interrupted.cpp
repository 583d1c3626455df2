#include "engine/Interrupted.hpp"

namespace logmill::engine {
namespace {
volatile std::sig_atomic_t g_signal = 0;
extern "C" void recordSignal(int sig) { g_signal = sig; }
}  // namespace

int pendingInterrupt() { return g_signal; }

InterruptGuard::InterruptGuard() {
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = recordSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR so the loop notices at once
  ::sigaction(SIGINT, &sa, &m_oldInt);
  ::sigaction(SIGTERM, &sa, &m_oldTerm);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &m_oldInt, nullptr);
  ::sigaction(SIGTERM, &m_oldTerm, nullptr);
}

}  // namespace logmill::engine
