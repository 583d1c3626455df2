#include "engine/Pool.hpp"
#include "engine/ProcessPool.hpp"
#include "engine/SerialPool.hpp"
#include "engine/ThreadPool.hpp"

namespace logmill::engine {

std::unique_ptr<Pool> makePool(PoolKind kind, const PoolOptions& options) {
  switch (kind) {
    case PoolKind::Serial:
      return std::make_unique<SerialPool>(options.progress);
    case PoolKind::Thread:
      return std::make_unique<ThreadPool>(options.jobs, options.ringBytes);
    case PoolKind::Process:
      return std::make_unique<ProcessPool>(options);
  }
  return nullptr;
}

}  // namespace logmill::engine
