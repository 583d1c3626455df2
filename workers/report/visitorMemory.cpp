#include "workers/report/visitorMemory.hpp"

#include <atomic>

namespace logmill::workers {
namespace {

std::atomic<std::uint64_t> g_visitorMemory{kDefaultVisitorMemory};

}  // namespace

std::uint64_t reportVisitorMemory() noexcept {
  return g_visitorMemory.load(std::memory_order_relaxed);
}

void setReportVisitorMemory(std::uint64_t bytes) noexcept {
  g_visitorMemory.store(bytes, std::memory_order_relaxed);
}

}  // namespace logmill::workers
