#include "workers/report/botClassification.hpp"

#include <atomic>
#include <cstdlib>

namespace logmill::workers {
namespace {

// 0: not yet read from the environment, 1: on, 2: off.
std::atomic<int> g_classify{0};

}  // namespace

bool reportClassifiesBots() noexcept {
  int state = g_classify.load(std::memory_order_relaxed);
  if (state == 0) {
    const char* env = std::getenv(kReportNoBotsEnv);
    state = env != nullptr && *env != '\0' ? 2 : 1;
    int expected = 0;
    if (!g_classify.compare_exchange_strong(expected, state, std::memory_order_relaxed)) {
      state = expected;  // set meanwhile: that setting wins
    }
  }
  return state == 1;
}

void setReportClassifiesBots(bool on) noexcept {
  g_classify.store(on ? 1 : 2, std::memory_order_relaxed);
}

}  // namespace logmill::workers
